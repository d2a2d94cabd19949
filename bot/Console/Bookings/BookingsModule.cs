using System.Globalization;
using KissBot.Bookings;
using KissBot.Office;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Bookings;

/// <summary>The coordinator's pages: booking requests waiting for confirmation (the first page after login).</summary>
public sealed class BookingsModule(ConsoleLayout layout) : IConsoleModule
{
    internal static readonly TextTable T = ConsoleTexts.Load("Bookings/bookings.texts.json");
    public const string RequestsPath = "/console/pemesanan";

    public static IEnumerable<ConsoleNavItem> Nav =>
        [new(T["nav.requests"], RequestsPath, [StaffRoles.Koordinator], 100, HomeFor: [StaffRoles.Koordinator])];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pemesanan", async (HttpContext http, BookingQueries queries, CancellationToken ct) =>
        {
            var rows = await queries.ListAsync(new BookingFilter(Statuses: [BookingStatus.Requested], Limit: 500), ct);
            return RequestsPage(http, rows);
        }).RequireStaff(StaffRoles.Koordinator);
    }

    internal static Html StatusChip(string status) =>
        H($"<span class=\"chip st-{status}\">{(T.Has("status." + status) ? T["status." + status] : status)}</span>");

    internal static string VisitText(BookingDetail b) =>
        IndonesianDates.Day(b.VisitDate) + ", " + b.VisitTime.ToString("HH.mm", CultureInfo.InvariantCulture);

    private IResult RequestsPage(HttpContext http, IReadOnlyList<BookingDetail> rows)
    {
        var body = rows.Select(b => H($"""
            <tr>
              <td><a href="/console/pemesanan/{b.Code}"><strong>{b.Code}</strong></a></td>
              <td>{VisitText(b)}</td>
              <td>{b.Name}<br><span class="muted">{b.Phone ?? ""}</span></td>
              <td>{b.BusinessDescription}<br><span class="muted">{T.Get("people", ("n", b.PeopleCount))}</span></td>
              <td>{b.Kelurahan ?? ""}<br><span class="muted">{b.Address ?? ""}</span></td>
              <td class="hide-phone">{Wita.ToWita(b.CreatedAt).ToString("dd-MM HH.mm", CultureInfo.InvariantCulture)}</td>
            </tr>
            """));
        return layout.Page(http, T["requests.title"], H($"""
            <p class="muted">{T["requests.intro"]}</p>
            {(rows.Count == 0 ? H($"<p class=\"card\">{T["requests.empty"]}</p>") : H($"""
            <div class="table-wrap"><table>
              <thead><tr><th>{T["col.code"]}</th><th>{T["col.visit"]}</th><th>{T["col.applicant"]}</th><th>{T["col.business"]}</th><th>{T["col.place"]}</th><th class="hide-phone">{T["col.requested"]}</th></tr></thead>
              <tbody>{body}</tbody>
            </table></div>
            """))}
            """), page: new PageOptions(RefreshSeconds: 60));
    }
}
