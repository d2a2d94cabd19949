using System.Text.Json;
using KissBot.Persistence;
using KissBot.Tests.DirectLine;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Browser;

/// <summary>
/// /chat on a phone-sized Chromium (390×844): a booking with a shared location, the summary one field per line, a
/// reload that keeps the history and the identity ("cek status" finds the booking), and a complaint with a photo
/// uploaded through Direct Line. Screenshots go to docs/screenshots/.
/// </summary>
public sealed class WebChatPhoneTests : IAsyncLifetime
{
    private LiveKissBot _live = null!;
    private ChromeDriver _driver = null!;
    private string _profile = null!;
    private static readonly string Shots = HeadlessChromium.ScreenshotDirectory() ?? Path.Combine(Path.GetTempPath(), "kissbot-screenshots"); // docs/screenshots only with KISSBOT_SCREENSHOTS=1

    public async Task InitializeAsync()
    {
        _live = await LiveKissBot.StartAsync("phone");
        _profile = Path.Combine(Path.GetTempPath(), "kissbot-phone-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=390,844", "--lang=id-ID", "--user-data-dir=" + _profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!,
            Path.GetFileName(BrowserFactAttribute.ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        try { _driver?.Quit(); } catch (WebDriverException) { }
        _driver?.Dispose();
        await _live.DisposeAsync();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string PageText() => _driver.FindElement(By.TagName("body")).Text;

    private void WaitForText(string text, int seconds = 30)
    {
        try { Waits.Tolerant(_driver, seconds).Until(_ => PageText().Contains(text, StringComparison.OrdinalIgnoreCase)); }
        catch (WebDriverTimeoutException) { Assert.Fail($"The page never showed \"{text}\". It shows:\n{PageText()}"); }
    }

    private int Count(string text) => CountIn(PageText(), text);

    private static int CountIn(string s, string text)
    {
        var n = 0;
        for (var i = s.IndexOf(text, StringComparison.Ordinal); i >= 0; i = s.IndexOf(text, i + text.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private void WaitForCount(string text, int count, int seconds = 30)
    {
        try { Waits.Tolerant(_driver, seconds).Until(_ => Count(text) >= count); }
        catch (WebDriverTimeoutException) { Assert.Fail($"The page never showed \"{text}\" {count} times. It shows:\n{PageText()}"); }
    }

    private IWebElement SendBox() =>
        Waits.Tolerant(_driver, 30).Until(d =>
            d.FindElements(By.CssSelector("[data-id='webchat-sendbox-input']")).FirstOrDefault(e => e.Displayed && e.Enabled))!;

    private void Say(string text)
    {
        var box = SendBox();
        box.Click();
        box.SendKeys(text);
        box.SendKeys(Keys.Enter);
    }

    private void Tap(string title)
    {
        var button = Waits.Tolerant(_driver, 30).Until(d =>
            d.FindElements(By.XPath($"//button[normalize-space(.)='{title}']")).LastOrDefault(b => b.Displayed && b.Enabled))!;
        button.Click();
    }

    private void Screenshot(string name)
    {
        Directory.CreateDirectory(Shots);
        ((ITakesScreenshot)_driver).GetScreenshot().SaveAsFile(Path.Combine(Shots, name));
    }

    /// <summary>The rendered lines of the last bot bubble that contains <paramref name="marker"/>.</summary>
    private IReadOnlyList<string> BubbleLines(string marker)
    {
        var bubble = _driver.FindElements(By.CssSelector(".webchat__bubble__content")).Last(e => e.Text.Contains(marker, StringComparison.Ordinal));
        return bubble.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [BrowserFact]
    public async Task Book_with_location_reload_keeps_history_and_identity_then_a_complaint_with_a_photo()
    {
        var origin = _live.BaseUrl;
        _driver.ExecuteCdpCommand("Browser.grantPermissions", new Dictionary<string, object> { ["origin"] = origin, ["permissions"] = new[] { "geolocation" } });
        // Near the centroid of Kelurahan Pagesangan.
        _driver.ExecuteCdpCommand("Emulation.setGeolocationOverride", new Dictionary<string, object> { ["latitude"] = -8.6021, ["longitude"] = 116.1027, ["accuracy"] = 10 });
        // A phone screen (iPhone 12-like CSS pixels), whatever the minimum window size of headless Chromium is.
        _driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object>
            { ["width"] = 390, ["height"] = 844, ["deviceScaleFactor"] = 2, ["mobile"] = true });
        _driver.Navigate().GoToUrl(origin + "/chat");
        WaitForText("Selamat datang");

        Say("sy mau pesan mobil kiss merried buat warung makan sy, nama saya Baiq Nurul Aini, no wa 0812-3456-7890, nik 5271015508900001, perorangan, 1 orang");
        WaitForText("Di kelurahan mana lokasi usahanya?");
        _driver.FindElement(By.Id("kb-location")).Click();
        _driver.SwitchTo().Alert().Accept(); // the consent question of the page
        WaitForText("lokasi diterima (sekitar Kel. Pagesangan");
        Say("Jl. Pendidikan No. 12, depan sekolah");
        WaitForText("Kapan Bapak/Ibu ingin dikunjungi?");
        Say(NextOfficeDayWords() + " jam 10");
        WaitForText("Sudah benar?");
        Tap("Ya");
        WaitForText("Kirim pemesanan ini?");

        // One field per line in the rendered bubble (Web Chat keeps the line breaks).
        var lines = BubbleLines("Ringkasan pemesanan");
        Assert.Contains("• Nama: Baiq Nurul Aini", lines);
        Assert.Contains("• WhatsApp: 0812-3456-7890", lines);
        Assert.Contains(lines, l => l.StartsWith("• Lokasi: Kel. Pagesangan, Kec. Mataram", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("• Jadwal: ", StringComparison.Ordinal));
        Screenshot("webchat-phone-summary.png");

        Tap("Ya, kirim");
        WaitForText("Kode booking");
        var code = System.Text.RegularExpressions.Regex.Match(PageText(), @"KM-2026-\d{5}").Value;
        Assert.NotEmpty(code);
        // The code is one unbreakable piece on screen.
        var codeElement = _driver.FindElements(By.XPath($"//code[normalize-space(.)='{code}']")).LastOrDefault();
        Assert.NotNull(codeElement);
        Assert.Equal("nowrap", codeElement!.GetCssValue("white-space"));
        Screenshot("webchat-phone-booked.png");

        // Reload: the same conversation with its history, the same identity.
        _driver.Navigate().Refresh();
        WaitForText("Ringkasan pemesanan");
        WaitForText(code);
        Say("cek status");
        WaitForCount("menunggu konfirmasi petugas", 2);
        Assert.True(Count(code) >= 2, PageText());
        Screenshot("webchat-phone-after-reload.png");

        // A complaint with a photo through Direct Line /upload.
        Say("Pengaduan");
        WaitForText("Pengaduan Bapak/Ibu tentang apa?");
        Say("3");
        WaitForText("Ceritakan apa yang terjadi");
        Say("Mobil layanan datang terlambat dua jam dari jadwal");
        WaitForText("Kapan dan di mana kejadiannya?");
        Say("kemarin di Kel. Pagesangan");
        WaitForText("terkait pemesanan kunjungan");
        Say("lewati");
        WaitForText("foto atau dokumen pendukung");
        var photo = Path.Combine(Path.GetTempPath(), "mobil-terlambat-" + Guid.NewGuid().ToString("N")[..6] + ".png");
        await File.WriteAllBytesAsync(photo, Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC"));
        _driver.FindElement(By.CssSelector("input[type='file']")).SendKeys(photo);
        // Web Chat 4.18 shows the chosen file in the send box; the send button sends it (Direct Line /upload).
        Waits.Tolerant(_driver, 10).Until(d => d.FindElements(By.CssSelector("button.webchat__send-button")).FirstOrDefault(b => b.Displayed && b.Enabled))!.Click();
        WaitForText("1 lampiran kami terima");
        Screenshot("webchat-phone-complaint-photo.png");

        var db = _live.Services.GetRequiredService<KissBotDatabase>();
        await using var conn = await db.Source.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT content_type, size_bytes FROM chat_uploads", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("image/png", r.GetString(0));
        Assert.True(r.GetInt32(1) > 0);
    }

    /// <summary>A weekday name two office days ahead of today (WITA), so the visit is always bookable.</summary>
    private static string NextOfficeDayWords()
    {
        var day = DateOnly.FromDateTime(KissBot.Time.Wita.Now(TimeProvider.System).DateTime).AddDays(2);
        var calendar = KissBot.Time.OfficeCalendar.LoadEmbedded();
        while (!calendar.IsOfficeDay(day) || day.DayOfWeek == DayOfWeek.Friday) day = day.AddDays(1);
        return $"tgl {day.Day} {KissBot.Time.IndonesianDates.MonthNames[day.Month - 1].ToLowerInvariant()}";
    }
}
