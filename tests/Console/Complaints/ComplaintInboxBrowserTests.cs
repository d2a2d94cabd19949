using System.Text.RegularExpressions;
using KissBot.Office;
using KissBot.Persistence;
using KissBot.Tests.Browser;
using KissBot.Tests.Console.Ikm;
using KissBot.Tests.Console;
using KissBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Console.Complaints;

/// <summary>
/// The complaint handler and the head of office in a real headless Chromium against the running service and its
/// PostgreSQL: a citizen files a complaint in the Web Chat, the handler answers it in the console and the citizen's chat
/// shows the answer; roles are refused with 403; the identity reveal needs the identitas role and is audited.
/// With KISSBOT_SCREENSHOTS=1 the pages are saved to docs/screenshots/.
/// </summary>
public sealed partial class ComplaintInboxBrowserTests : IAsyncLifetime
{
    private const string Password = "rahasia-kantor-1";
    private LiveKissBot _live = null!;
    private HeadlessChromium _browser = null!;
    private ChromeDriver Driver => _browser.Driver;

    public async Task InitializeAsync()
    {
        _live = await LiveKissBot.StartAsync("inboxbrowser", "--Scheduler:Dispatcher:PollSeconds=1");
        var accounts = _live.Services.GetRequiredService<StaffAccounts>();
        foreach (var (name, display, roles) in new[]
                 {
                     ("siti", "Siti Aminah", new[] { StaffRoles.Pengaduan }), ("rina", "Rina Kurniasih", [StaffRoles.Pengaduan, StaffRoles.Identitas]),
                     ("budi", "Budi Hartono", [StaffRoles.Koordinator]), ("kadis", "Kepala Dinas", [StaffRoles.Admin]),
                 })
            Assert.IsType<StaffChange.Done>(await accounts.CreateAsync(name, display, Password, roles, StaffActor.Cli));
        _browser = new HeadlessChromium("1366,900");
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        await _live.DisposeAsync();
    }

    private NpgsqlDataSource Db => _live.Services.GetRequiredService<KissBotDatabase>().Source;

    private string PageText() => _browser.PageText();

    private void WaitForText(string text, int seconds = 30) => _browser.WaitForText(text, seconds);

    private void Say(string text)
    {
        var box = _browser.Find(By.CssSelector("[data-id='webchat-sendbox-input']"));
        box.Click();
        box.SendKeys(text);
        box.SendKeys(Keys.Enter);
    }

    private void Login(string name)
    {
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console");
        Driver.FindElement(By.Name("username")).SendKeys(name);
        Driver.FindElement(By.Name("password")).SendKeys(Password);
        Driver.FindElement(By.CssSelector("form[action='/console/masuk'] button[type=submit]")).Click();
        Waits.Tolerant(Driver, 20).Until(d => !d.Url.EndsWith("/console", StringComparison.Ordinal));
    }

    private void Submit(string formAction) =>
        Driver.FindElement(By.CssSelector($"form[action='{formAction}'] button[type=submit]")).Click();

    /// <summary>The README's screenshots (docs/screenshots only when KISSBOT_SCREENSHOTS=1, see HeadlessChromium.SaveScreenshot).</summary>
    private void Shot(string name)
    {
        _browser.SaveScreenshot(name + ".png");
    }

    private async Task<long> AuditCountAsync(string action, string actor)
    {
        await using var cmd = Db.CreateCommand("SELECT count(*) FROM staff_audit WHERE action = @a AND actor = @actor");
        cmd.Parameters.AddWithValue("a", action);
        cmd.Parameters.AddWithValue("actor", actor);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The citizen's side: the whole complaint intake typed into the Web Chat; returns the ticket.</summary>
    private string FileComplaintInWebChat(string category, string story, string name)
    {
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/chat");
        WaitForText("Selamat datang");
        foreach (var (say, expect) in new[]
                 {
                     ("Pengaduan", "tentang apa"), (category, "Ceritakan apa yang terjadi"), (story, "Kapan dan di mana"),
                     ("Kamis pagi di Kel. Pagesangan", "kode pemesanannya"), ("lewati", "foto atau dokumen"), ("lewati", "bersedia dihubungi"),
                     ("Bersedia dihubungi", "Melalui apa"), ("Email", "Alamat email"), ("warga@contoh.com", "nama Bapak/Ibu"),
                     (name, "Kirim pengaduan ini"), ("Ya, kirim", "PGD-"),
                 })
        {
            Say(say);
            WaitForText(expect);
        }
        return TicketPattern().Matches(PageText()).Last().Value;
    }

    [BrowserFact]
    public void A_handler_answers_a_complaint_filed_in_the_web_chat_and_the_citizens_chat_shows_the_answer()
    {
        var ticket = FileComplaintInWebChat("3", "Mobil layanan tidak datang pada jadwal yang sudah dikonfirmasi", "Baiq Nurul");
        var chatWindow = Driver.CurrentWindowHandle;

        // Other complaints in the inbox: one long overdue, one due within the warning window.
        ComplaintSeed.InsertAsync(Db, 900, 1, DateTimeOffset.UtcNow.AddDays(-20), "verifikasi", DateTimeOffset.UtcNow.AddDays(-6)).GetAwaiter().GetResult();
        ComplaintSeed.InsertAsync(Db, 901, 1, DateTimeOffset.UtcNow.AddDays(-4), "tindak_lanjut", DateTimeOffset.UtcNow.AddHours(5), category: "PERILAKU").GetAwaiter().GetResult();

        Driver.SwitchTo().NewWindow(WindowType.Tab);
        Login("siti");
        Assert.EndsWith("/console/pengaduan", Driver.Url); // the handler's first page is the inbox
        WaitForText(ticket);
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("tr.sla-overdue .sla-overdue")));
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("tr.sla-near .sla-near")));
        Shot("pengaduan-kotak-masuk");

        // Overdue filter, then search by the ticket as typed.
        new SelectHelper(Driver, "batas").Choose("lewat");
        Driver.FindElement(By.CssSelector("form.filters button[type=submit]")).Click();
        WaitForText("PGD-" + DateTime.UtcNow.AddHours(8).Year + "-00900");
        Assert.DoesNotContain(ticket, PageText());
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/pengaduan?q=" + Uri.EscapeDataString(ticket.ToLowerInvariant().Replace('-', ' ')));
        Driver.FindElement(By.LinkText(ticket)).Click();
        WaitForText("Mobil layanan tidak datang pada jadwal");
        Assert.Contains("Baiq Nurul", PageText());

        new SelectHelper(Driver, "status").Choose("verifikasi");
        Driver.FindElement(By.Name("tanggapan")).SendKeys("Mohon maaf, Bapak/Ibu. Jadwal mobil kami cek dan kabari besok pagi.");
        Submit($"/console/pengaduan/{ticket}/status");
        WaitForText("pelapor diberi tahu");
        Driver.FindElement(By.Name("catatan")).SendKeys("Sopir sakit hari itu; cek pengganti.");
        Submit($"/console/pengaduan/{ticket}/catatan");
        WaitForText("Catatan disimpan");
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/pengaduan/" + ticket);
        WaitForText("Sopir sakit hari itu");
        Shot("pengaduan-detail");

        // The citizen's chat receives the status through the outbox, and never the internal note.
        Driver.SwitchTo().Window(chatWindow);
        WaitForText("Jadwal mobil kami cek dan kabari besok pagi", 45);
        Assert.Contains($"Pengaduan {ticket} sedang kami periksa", PageText());
        Assert.DoesNotContain("Sopir sakit", PageText());
    }

    [BrowserFact]
    public async Task Roles_are_enforced_and_the_identity_of_a_bribery_complainant_is_revealed_only_by_the_privileged_role_with_an_audit_entry()
    {
        var ticket = FileComplaintInWebChat("4", "Petugas meminta uang seratus ribu supaya NIB cepat terbit", "Lalu Hamdani");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var semesterStart = new DateOnly(today.Year, today.Month <= 6 ? 1 : 7, 1);
        await SurveySeed.InsertAsync(Db, 240, semesterStart, today);
        // The visits those respondents came from: 300 bookings of the semester, three a weekday, served before today.
        await BookingSeed.InsertAsync(Db, 300, semesterStart, today, perDay: 3, first: 90001);

        // A coordinator: 403 for the complaint, IKM and jobs pages.
        Login("budi");
        foreach (var page in new[] { "/console/pengaduan", "/console/pengaduan/" + ticket, "/console/ikm", "/console/jobs" })
        {
            Driver.Navigate().GoToUrl(_live.BaseUrl + page);
            WaitForText("Akses ditolak");
            Assert.DoesNotContain("Lalu Hamdani", PageText());
        }

        // The handler without the privileged role sees "(dirahasiakan)" and no reveal button.
        Login("siti");
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/pengaduan/" + ticket);
        WaitForText("(dirahasiakan)");
        Assert.DoesNotContain("Lalu Hamdani", PageText());
        Assert.Empty(Driver.FindElements(By.CssSelector($"form[action='/console/pengaduan/{ticket}/identitas']")));

        // With the identitas role: reveal with a reason, audited.
        Login("rina");
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/pengaduan/" + ticket);
        WaitForText("Buka identitas pelapor");
        Driver.FindElement(By.Name("alasan")).SendKeys("Menghubungi pelapor untuk klarifikasi");
        Submit($"/console/pengaduan/{ticket}/identitas");
        WaitForText("Lalu Hamdani");
        Assert.Contains("warga@contoh.com", PageText());
        Assert.Equal(1, await AuditCountAsync("complaint.revealIdentity", "console:rina"));
        Shot("pengaduan-identitas");

        // The head of office's pages.
        Login("kadis");
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/ikm");
        WaitForText("Nilai per unsur");
        Assert.Equal(9, Driver.FindElements(By.CssSelector(".bar-row .bar-fill")).Count);
        var cards = Driver.FindElement(By.CssSelector(".ikm-cards")).Text;
        Assert.Contains("240", cards);
        // The Krejcie–Morgan minimum comes from the people served in the semester (what the field officers recorded).
        await using (var cmd = Db.CreateCommand("SELECT COALESCE(sum(people_served), 0)::int FROM bookings WHERE status = 'served' AND visit_date >= @s"))
        {
            cmd.Parameters.AddWithValue("s", semesterStart);
            var population = (int)(await cmd.ExecuteScalarAsync())!;
            Assert.True(population > 240, $"population {population}");
            var sample = KissBot.Survey.KrejcieMorgan.Assess(population, 240);
            Assert.Contains($"minimal {sample.Minimum} (Krejcie–Morgan, populasi {population})", cards);
            Assert.Contains(sample.IsSufficient ? "Sampel memenuhi" : $"Kurang {sample.Shortfall} responden", cards);
        }
        Shot("ikm-dasbor");
        Driver.Navigate().GoToUrl(_live.BaseUrl + "/console/jobs");
        WaitForText("Pemantauan batas waktu pengaduan");
        Assert.Contains("Setiap hari kerja pukul 16.30 WITA", PageText());
        Assert.Contains("Koordinator belum dikonfigurasi", PageText());
        Shot("tugas-terjadwal");
    }

    /// <summary>Chooses an option of a &lt;select name=…&gt; by value (Selenium.Support's SelectElement is not installed).</summary>
    private sealed class SelectHelper(IWebDriver driver, string name)
    {
        public void Choose(string value) => driver.FindElement(By.CssSelector($"select[name='{name}'] option[value='{value}']")).Click();
    }

    [GeneratedRegex(@"PGD-\d{4}-\d{5}")]
    private static partial Regex TicketPattern();
}
