using KissBot.Tests.DirectLine;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Browser;

/// <summary>The /chat page in a real headless Chromium: official Web Chat, our Direct Line over WebSocket, the bot.</summary>
public sealed class WebChatBrowserTests : IAsyncLifetime
{
    private LiveKissBot _live = null!;
    private ChromeDriver _driver = null!;
    private string _profile = null!;

    public async Task InitializeAsync()
    {
        _live = await LiveKissBot.StartAsync("browser");
        _profile = Path.Combine(Path.GetTempPath(), "kissbot-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=480,900", "--lang=id-ID", "--user-data-dir=" + _profile);
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
        var wait = Waits.Tolerant(_driver, seconds);
        try { wait.Until(_ => PageText().Contains(text, StringComparison.OrdinalIgnoreCase)); }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail($"The page never showed \"{text}\". It shows:\n{PageText()}");
        }
    }

    private IWebElement SendBox() =>
        Waits.Tolerant(_driver, 30).Until(d =>
            d.FindElements(By.CssSelector("[data-id='webchat-sendbox-input']")).FirstOrDefault(e => e.Displayed && e.Enabled));

    private void Say(string text)
    {
        var box = SendBox();
        box.Click();
        box.SendKeys(text);
        box.SendKeys(Keys.Enter);
    }

    [BrowserFact]
    public void A_visitor_asks_a_requirement_question_and_starts_a_booking_with_the_menu_button()
    {
        _driver.Navigate().GoToUrl(_live.BaseUrl + "/chat");
        Assert.Contains("DPMPTSP Kota Mataram", _driver.Title);
        WaitForText("Selamat datang");
        Assert.Equal("Tulis pesan…", SendBox().GetAttribute("placeholder"));

        var firstSend = System.Diagnostics.Stopwatch.StartNew();
        Say("syarat bikin NIB perorangan apa saja?");
        WaitForText("email aktif");

        Say("menu");
        var button = Waits.Tolerant(_driver, 30).Until(d =>
            d.FindElements(By.XPath("//button[normalize-space(.)='Pesan kunjungan KISS MERRIED']")).FirstOrDefault(b => b.Displayed));
        button.Click();
        WaitForText("nama lengkap");

        // Every message of the visitor was confirmed by its echo: without it Web Chat marks the message "Gagal mengirim.
        // Coba lagi" once its 20 s send timeout has passed, so look only after that.
        var wait = TimeSpan.FromSeconds(22) - firstSend.Elapsed;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
        var text = PageText();
        Assert.Contains("syarat bikin NIB perorangan", text);
        Assert.DoesNotContain("Coba lagi", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Retry", text, StringComparison.OrdinalIgnoreCase);
    }
}
