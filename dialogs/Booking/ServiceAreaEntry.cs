using KissBot.Dialogs.Runtime;
using KissBot.Runtime;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// "mobilnya bisa ke lombok barat ga? usaha sy di gerung": a question that names a place outside Kota Mataram is
/// answered honestly (the service covers Kota Mataram only) before it can start a booking or reach a general FAQ answer.
/// </summary>
public sealed class ServiceAreaEntry(TimeProvider clock) : IFlowEntry
{
    public Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        var u = new Utterance(text, KissBot.Time.Wita.Now(clock));
        if (!u.IsQuestion || !BookingDialog.MentionsOutside(u)) return Task.FromResult(false);
        dc.Turn.SendText(BookingTexts.Table["area.outsideQuestion"], CommonTexts.MenuChoices);
        return Task.FromResult(true);
    }
}
