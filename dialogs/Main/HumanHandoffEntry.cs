using KissBot.Dialogs.Runtime;
using KissBot.Dialogs.Scheduling;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;

namespace KissBot.Dialogs;

/// <summary>
/// "Mau bicara dengan petugas": the request is passed to the coordinator through the outbox (so a real person is told
/// who asked and on which channel), and the user is promised a call back only when someone was actually told.
/// </summary>
public sealed class HumanHandoffEntry(KissBotDatabase db, TimeProvider clock, SchedulingContacts contacts) : IFlowEntry
{
    public const string Kind = "human_handoff";
    private static readonly TextTable T = CommonTexts.Table;

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (intent != "human") return false;
        var turn = dc.Turn;
        if (contacts.CoordinatorUserKey is not { } coordinator)
        {
            turn.SendText(T["human.noCoordinator"], CommonTexts.MenuChoices);
            return true;
        }
        var who = turn.Activity.From?.Name is { Length: > 0 } name ? $"{name} ({turn.UserKey})" : turn.UserKey;
        var message = Activity.CreateMessage(T.Get("human.coordinator", ("who", who), ("text", text.Length > 300 ? text[..300] + "…" : text)));
        await using (var conn = await db.Source.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await Outbox.EnqueueAsync(conn, tx, new OutboxMessage($"human:{turn.UserKey}:{turn.Activity.Id}", coordinator, Kind, message),
                clock.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
        turn.SendText(T["human"], CommonTexts.MenuChoices);
        return true;
    }
}
