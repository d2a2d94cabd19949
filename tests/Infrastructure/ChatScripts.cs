namespace KissBot.Tests.Infrastructure;

/// <summary>Conversations several test classes start from, written as steps files (tests/*/steps/*.chat) and run
/// strictly: every reply on the way is expected.</summary>
public static class ChatScripts
{
    /// <summary>Books a visit for a badan usaha in Ampenan Tengah by chat (tests/Booking/steps/book-a-visit.chat) and
    /// returns the booking code.</summary>
    public static async Task<string> BookVisitAsync(this Chat chat, string when) =>
        (await chat.RunStepsAsync("Booking/steps/book-a-visit.chat", ("when", when)))["code"];

    /// <summary>Runs a steps file (relative to tests/) as this chat; returns the placeholders the replies filled in.</summary>
    public static Task<IReadOnlyDictionary<string, string>> RunStepsAsync(this Chat chat, string file, params (string Name, string Value)[] given) =>
        TranscriptFile.Named(file).RunAsync(chat, given.ToDictionary(g => g.Name, g => g.Value));
}
