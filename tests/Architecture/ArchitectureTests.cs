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
    private static readonly string Root = SourceTree.Root;

    /// <summary>
    /// Outside shared/, SQL may live only in a channel's one storage seam, <c>bot/Channels/&lt;Channel&gt;/&lt;Channel&gt;Store.cs</c>
    /// (WhatsAppStore: inbox, statuses, outbound log, menus, media; DirectLineStore: conversations, activities, uploads).
    /// They stay with their channel because what they store are the channel's own wire types (webhook items, Graph
    /// results, numbered menus, Direct Line activities), which shared/ does not know.
    /// </summary>
    [GeneratedRegex(@"^bot/Channels/(?<channel>[A-Za-z]+)/\k<channel>Store\.cs$")]
    private static partial Regex ChannelStore();

    /// <summary>Other files outside shared/ that still hold SQL, each with the reason it may (keep this empty).</summary>
    private static readonly Dictionary<string, string> SqlAllowed = new();

    private static bool MayHoldSql(string file) => ChannelStore().IsMatch(file) || SqlAllowed.ContainsKey(file);

    [GeneratedRegex(@"\b(SELECT\b[^;""]{0,400}?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+[a-z_]+\s+(\w+\s+)?SET\b|DELETE\s+FROM\b)")]
    private static partial Regex Sql();

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(Now|UtcNow|Today)\b")]
    private static partial Regex WallClock();

    [Fact]
    public void Sql_lives_only_in_the_storage_classes_of_shared_and_its_migrations()
    {
        var offenders = ProductSources("bot", "dialogs", "scheduler")
            .Where(f => Sql().IsMatch(Code(f)) && !MayHoldSql(f))
            .ToList();
        Assert.True(offenders.Count == 0, "SQL outside shared/ and the channel stores (move it into a repository in shared/): " + string.Join(", ", offenders));
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
    public void Only_a_channels_own_store_may_hold_sql_outside_shared()
    {
        Assert.True(MayHoldSql("bot/Channels/WhatsApp/WhatsAppStore.cs"));
        Assert.True(MayHoldSql("bot/Channels/DirectLine/DirectLineStore.cs"));
        Assert.False(MayHoldSql("bot/Channels/WhatsApp/WhatsAppInboxWorker.cs"));
        Assert.False(MayHoldSql("bot/Channels/WhatsApp/DirectLineStore.cs")); // another channel's name
        Assert.False(MayHoldSql("bot/Console/Jobs/JobsStore.cs"));
        Assert.False(MayHoldSql("scheduler/Delivery/OutboxStore.cs"));
        Assert.False(MayHoldSql("dialogs/Booking/BookingStore.cs"));
        // The two stores really are what the scan reads (the rule is not satisfied by files it never looks at).
        var scanned = ProductSources("bot", "dialogs", "scheduler").ToHashSet();
        foreach (var store in new[] { "bot/Channels/WhatsApp/WhatsAppStore.cs", "bot/Channels/DirectLine/DirectLineStore.cs" })
            Assert.True(scanned.Contains(store) && Sql().IsMatch(Code(store)), store);
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

    private static IEnumerable<string> ProductSources(params string[] folders) => SourceTree.Files("*.cs", folders);

    /// <summary>A source file without its comments (a comment may name a statement or the clock).</summary>
    private static string Code(string relative)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, relative))
            .Select(l => l.TrimStart())
            .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("*", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }
}
