using Xunit;

namespace KissBot.Tests.Infrastructure;

/// <summary>Conversations several test classes need as a starting point.</summary>
public static class ChatScripts
{
    /// <summary>Books a visit for a badan usaha in Ampenan Tengah by chat and returns the booking code.</summary>
    public static async Task<string> BookVisitAsync(this Chat chat, string when)
    {
        await Transcript.RunAsync(chat, $"""
            user: Pesan kunjungan KISS MERRIED
            user: Siti Rahmawati
            user: 087765432100
            user: 5271054107850002
            user: badan usaha
            bot: NPWP
            user: sudah
            bot: akta pendirian
            user: belum
            user: produksi kerupuk ikan
            user: 3
            user: Ampenan Tengah
            user: Jl. Saleh Sungkar 12
            user: {when}
            user: ya
            bot: NPWP badan usaha
            bot: KPP Pratama Mataram
            user: Ya, kirim
            """);
        var text = Chat.TextOf(chat.LastReplies);
        var i = text.IndexOf("KM-2026-", StringComparison.Ordinal);
        Assert.True(i >= 0, text);
        return text.Substring(i, 13);
    }
}
