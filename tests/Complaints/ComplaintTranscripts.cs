using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>The complaint conversations written as files (tests/Complaints/transcripts/*.chat), each on a fresh service.</summary>
public sealed class ComplaintTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Complaints");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("chatc", ComplaintTestKit.Settings(),
            after: Path.GetFileNameWithoutExtension(file) switch
            {
                "complaint-with-photo-and-booking" => StoredComplaintAsync,
                _ => null,
            });
    }

    /// <summary>complaint-with-photo-and-booking.chat: the stored record keeps the attachment reference, the masked
    /// text (never the full NIK) and the user's own booking.</summary>
    private static async Task StoredComplaintAsync(KissBotApp app, IReadOnlyDictionary<string, string> vars)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT attachments::text, description, booking_code FROM complaints WHERE code = @code", conn);
        cmd.Parameters.AddWithValue("code", vars["tiket"]);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var attachments = JsonDocument.Parse(r.GetString(0)).RootElement;
        Assert.Equal("image/jpeg", attachments[0].GetProperty("contentType").GetString());
        Assert.Equal("mobil-terlambat.jpg", attachments[0].GetProperty("name").GetString());
        Assert.Equal("https://files.example.invalid/mobil-terlambat.jpg", attachments[0].GetProperty("contentUrl").GetString());
        Assert.DoesNotContain("5271054107850002", r.GetString(1));
        Assert.Equal(vars["own"], r.GetString(2));
    }
}
