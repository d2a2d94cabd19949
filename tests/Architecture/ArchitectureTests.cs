using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace KissBot.Tests.Architecture;

/// <summary>
/// The rules of the code base that a test can check (issue 13): SQL only in the storage classes of <c>shared/</c> and
/// its migrations; no static mutable state in the product assemblies; no wall clock (TimeProvider is injected). An
/// exception needs an entry in an allow-list below, with its reason.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Files outside shared/ that still hold SQL, each with the reason it may (keep this short).</summary>
    private static readonly Dictionary<string, string> SqlAllowed = new()
    {
        ["bot/Channels/WhatsApp/WhatsAppStore.cs"] = "the WhatsApp channel's own store (inbox, outbound, statuses); to move to shared/ with its owner",
        ["bot/Channels/DirectLine/DirectLineStore.cs"] = "the Direct Line channel's own store (conversations, activities); to move to shared/ with its owner",
        ["bot/Channels/DirectLine/DirectLineUpload.cs"] = "chat uploads table, written next to the upload endpoint; to move into DirectLineStore",
    };

    [GeneratedRegex(@"\b(SELECT\b[^;""]{0,400}?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+[a-z_]+\s+(\w+\s+)?SET\b|DELETE\s+FROM\b)")]
    private static partial Regex Sql();

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(Now|UtcNow|Today)\b")]
    private static partial Regex WallClock();

    [Fact]
    public void Sql_lives_only_in_the_storage_classes_of_shared_and_its_migrations()
    {
        var offenders = ProductSources("bot", "dialogs", "scheduler")
            .Where(f => Sql().IsMatch(Code(f)) && !SqlAllowed.ContainsKey(f))
            .ToList();
        Assert.True(offenders.Count == 0, "SQL outside shared/ (move it into a repository in shared/): " + string.Join(", ", offenders));
        var stale = SqlAllowed.Keys.Where(f => !File.Exists(Path.Combine(Root, f)) || !Sql().IsMatch(Code(f))).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries without SQL any more (remove them): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_sql_check_recognises_the_statements_it_looks_for()
    {
        // The checks above must be able to fail: the patterns find what the code base writes.
        Assert.Matches(Sql(), "SELECT key, data::text, version FROM bot_state WHERE key = ANY(@keys)");
        Assert.Matches(Sql(), "UPDATE booking_stakeholders bs SET attendance = @a");
        Assert.Matches(Sql(), "INSERT INTO outbox (idempotency_key) VALUES (@k)");
        Assert.DoesNotMatch(Sql(), "Select the booking from the list");
        Assert.Matches(WallClock(), "var now = DateTimeOffset.UtcNow;");
    }

    [Fact]
    public void Product_code_never_reads_the_wall_clock()
    {
        var offenders = ProductSources("shared", "bot", "dialogs", "scheduler").Where(f => WallClock().IsMatch(Code(f))).ToList();
        Assert.True(offenders.Count == 0, "DateTime.Now/UtcNow/Today in product code (inject TimeProvider): " + string.Join(", ", offenders));
    }

    [Fact]
    public void Product_assemblies_hold_no_static_mutable_fields()
    {
        var assemblies = new[]
        {
            typeof(KissBot.Runtime.BotAdapter).Assembly, typeof(KissBot.Dialogs.HumanHandoffGate).Assembly,
            typeof(KissBot.Bot.Program).Assembly, typeof(KissBot.Scheduler.SchedulerOptions).Assembly,
        };
        var offenders = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<'))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsLiteral && !f.IsInitOnly && !f.IsDefined(typeof(CompilerGeneratedAttribute), false) && !f.Name.Contains('<'))
                .Select(f => $"{t.FullName}.{f.Name}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Static fields that can be reassigned (make them readonly, or instance state in DI): " + string.Join(", ", offenders));
    }

    private static IEnumerable<string> ProductSources(params string[] folders) =>
        folders.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Order();

    /// <summary>A source file without its comments (a comment may name a statement or the clock).</summary>
    private static string Code(string relative)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, relative))
            .Select(l => l.TrimStart())
            .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("*", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KissBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("KissBot.sln not found above " + AppContext.BaseDirectory);
    }
}
