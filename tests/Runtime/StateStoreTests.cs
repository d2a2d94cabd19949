using System.Text.Json.Nodes;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Runtime;

/// <summary>
/// The lean turn's storage (issue 13): the state and the features' per-turn reads come back from one batch, and the
/// single-statement write keeps the guarantees of issue 10: all documents or none, a stale version refused.
/// </summary>
public sealed class StateStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _source = null!;
    private KissBotDatabase _db = null!;

    public async Task InitializeAsync()
    {
        var cs = await TestDatabase.CreateAsync("runtime");
        _source = KissBotDatabase.CreateSource(cs, "runtime-tests");
        await Migrator.MigrateAsync(_source, NullLogger.Instance, CancellationToken.None);
        _db = new KissBotDatabase();
        _db.MarkReady(_source);
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    [Fact]
    public async Task A_write_with_one_stale_document_writes_neither_document()
    {
        var store = new PostgresStateStore(_db);
        var first = await store.ReadAsync(["conv:t:1", "user:t:1"], default);
        await store.WriteAsync([first["conv:t:1"] with { Data = new JsonObject { ["step"] = 1 } },
            first["user:t:1"] with { Data = new JsonObject { ["name"] = "Baiq" } }], default);
        var fresh = await store.ReadAsync(["conv:t:1", "user:t:1"], default);
        await store.WriteAsync([fresh["user:t:1"] with { Data = new JsonObject { ["name"] = "Lalu" } }], default); // another turn wins

        // This turn read before the winner wrote the user document: its conversation document must not be written alone.
        await Assert.ThrowsAsync<StateConflictException>(() => store.WriteAsync([
            fresh["conv:t:1"] with { Data = new JsonObject { ["step"] = 2 } },
            fresh["user:t:1"] with { Data = new JsonObject { ["name"] = "Baiq Nurul" } }], default));

        var now = await store.ReadAsync(["conv:t:1", "user:t:1"], default);
        Assert.Equal(1, now["conv:t:1"].Data["step"]!.GetValue<int>());
        Assert.Equal("Lalu", now["user:t:1"].Data["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_turns_creating_the_same_new_document_let_only_one_win()
    {
        var store = new PostgresStateStore(_db);
        var a = (await store.ReadAsync(["conv:t:new"], default))["conv:t:new"];
        var b = (await store.ReadAsync(["conv:t:new"], default))["conv:t:new"];
        await store.WriteAsync([a with { Data = new JsonObject { ["by"] = "a" } }], default);
        await Assert.ThrowsAsync<StateConflictException>(() => store.WriteAsync([b with { Data = new JsonObject { ["by"] = "b" } }], default));
        Assert.Equal("a", (await store.ReadAsync(["conv:t:new"], default))["conv:t:new"].Data["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_turn_read_comes_back_with_the_state_in_one_round_trip()
    {
        var store = new PostgresStateStore(_db, [new EchoRead()]);
        var activity = new Activity { Type = ActivityTypes.Message, ChannelId = "t", Conversation = new ConversationAccount("c-7"), Text = "halo" };
        var start = await store.ReadTurnAsync(["conv:t:c-7"], activity, default);
        Assert.Equal(new Echo("c-7"), start.Facts.Get<Echo>());
        Assert.Equal(0, start.States["conv:t:c-7"].Version);

        var none = await store.ReadTurnAsync(["conv:t:c-7"], new Activity { Type = ActivityTypes.Message, ChannelId = "t", Conversation = new ConversationAccount("skip") }, default);
        Assert.Null(none.Facts.Get<Echo>()); // a read with nothing to say for an activity adds no statement
    }

    [Fact]
    public async Task An_ordinary_turn_costs_two_database_round_trips()
    {
        var commands = 0;
        System.Diagnostics.ActivityTraceId? trace = null;
        using var source = new System.Diagnostics.ActivitySource("KissBot.Tests.Runtime");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or "KissBot.Tests.Runtime",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = a => { if (a.Source.Name == "Npgsql" && a.TraceId == trace) Interlocked.Increment(ref commands); },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var adapter = new BotAdapter(new Parrot(), new PostgresStateStore(_db, [new EchoRead()]), TimeProvider.System, NullLogger<BotAdapter>.Instance,
            new TurnLimits { MessagesPerMinute = 0 });
        using var turn = source.StartActivity("turn"); // commands of other tests running now have other trace ids
        trace = turn!.TraceId;
        var replies = await adapter.ProcessAsync(new Activity
        {
            Type = ActivityTypes.Message, Id = "a1", ChannelId = "t", Conversation = new ConversationAccount("c-9"),
            From = new ChannelAccount("u-9", Role: RoleTypes.User), Text = "halo",
        }, default);
        Assert.Equal("c-9: halo", Assert.Single(replies).Text); // the bot saw the read's fact
        Assert.Equal(2, commands); // one batch (state + per-turn read), one write
    }

    private sealed record Echo(string Conversation);

    /// <summary>A per-turn read that returns the conversation id it was asked about, through the database.</summary>
    private sealed class EchoRead : ITurnRead
    {
        public NpgsqlBatchCommand? Command(Activity activity)
        {
            if (activity.Conversation?.Id is not { } id || id == "skip") return null;
            var cmd = new NpgsqlBatchCommand("SELECT @id::text");
            cmd.Parameters.AddWithValue("id", id);
            return cmd;
        }

        public async Task<object> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
        {
            await reader.ReadAsync(ct);
            return new Echo(reader.GetString(0));
        }
    }

    private sealed class Parrot : IBot
    {
        public Task OnTurnAsync(ITurnContext turn, CancellationToken ct)
        {
            turn.SendText($"{turn.Facts.Get<Echo>()?.Conversation}: {turn.Text()}");
            return Task.CompletedTask;
        }
    }
}
