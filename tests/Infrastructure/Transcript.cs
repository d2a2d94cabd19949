using KissBot.Protocol;
using Xunit;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// Runs a conversation written as a transcript a non-programmer can check:
/// <code>
/// user: pesan kunjungan
/// bot: nama lengkap
/// buttons: Perorangan | Badan usaha
/// </code>
/// Each <c>bot:</c> line must appear, in order, in the replies to the preceding <c>user:</c> line (a part of the
/// text is enough; case and spacing are ignored). <c>buttons:</c> lists the suggested actions of the last reply.
/// Lines starting with <c>#</c> are comments.
/// </summary>
public static class Transcript
{
    public static async Task RunAsync(Chat chat, string transcript)
    {
        IReadOnlyList<Activity> replies = [];
        var cursor = 0;
        string? lastUser = null;
        foreach (var raw in transcript.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("user:"))
            {
                lastUser = line[5..].Trim();
                replies = await chat.SayAsync(lastUser);
                cursor = 0;
            }
            else if (line.StartsWith("bot:"))
            {
                var expected = Norm(line[4..]);
                var found = false;
                while (cursor < replies.Count)
                {
                    if (Norm(replies[cursor].Text ?? "").Contains(expected)) { found = true; break; }
                    cursor++;
                }
                Assert.True(found, $"After \"{lastUser}\" the bot should say \"{line[4..].Trim()}\" but said:\n{Chat.TextOf(replies)}");
            }
            else if (line.StartsWith("buttons:"))
            {
                var expected = line[8..].Split('|').Select(s => s.Trim()).ToList();
                var actual = replies.LastOrDefault()?.SuggestedActions?.Actions.Select(a => a.Title).ToList() ?? [];
                Assert.True(expected.SequenceEqual(actual), $"After \"{lastUser}\" the buttons should be [{string.Join(" | ", expected)}] but were [{string.Join(" | ", actual)}]");
            }
            else throw new ArgumentException($"Transcript line not understood: {line}");
        }
    }

    private static string Norm(string s) => string.Join(' ', s.ToLowerInvariant().Replace("*", "").Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
