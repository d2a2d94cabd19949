using KissBot.Office;
using KissBot.Tests.Browser;
using KissBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// The live chat journey in a real headless Chromium on the running service with its real PostgreSQL: a citizen on
/// /chat asks for a human, an officer logs into /console, claims the conversation, they exchange messages both ways
/// (Web Chat ↔ outbox ↔ console) while the bot stays quiet, and after hand-back the bot answers again.
/// </summary>
public sealed class LiveChatBrowserTests : IAsyncLifetime
{
    private const string Password = "petugas-rahasia-2026";
    private LiveKissBot _live = null!;
    private ChromeDriver _driver = null!;
    private string _profile = null!;

    public async Task InitializeAsync()
    {
        _live = await LiveKissBot.StartAsync("livechat", "--Scheduler:Dispatcher:PollSeconds=1");
        var created = await _live.Services.GetRequiredService<StaffAccounts>().CreateAsync("andi", "Andi", Password, [StaffRoles.Petugas], StaffActor.Cli);
        Assert.IsType<StaffChange.Done>(created);
        _profile = Path.Combine(Path.GetTempPath(), "kissbot-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            "--window-size=1280,900", "--lang=id-ID", "--user-data-dir=" + _profile);
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
        try { new WebDriverWait(_driver, TimeSpan.FromSeconds(seconds)).Until(_ => PageText().Contains(text, StringComparison.OrdinalIgnoreCase)); }
        catch (WebDriverTimeoutException) { Assert.Fail($"The page never showed \"{text}\". It shows:\n{PageText()}"); }
    }

    private IWebElement Find(By by) =>
        new WebDriverWait(_driver, TimeSpan.FromSeconds(30)).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed && e.Enabled))!;

    private void Say(string text)
    {
        var box = Find(By.CssSelector("[data-id='webchat-sendbox-input']"));
        box.Click();
        box.SendKeys(text);
        box.SendKeys(Keys.Enter);
    }

    [BrowserFact]
    public void A_citizen_asks_for_a_human_an_officer_answers_in_the_console_and_the_bot_returns_after_hand_back()
    {
        // The citizen on /chat.
        _driver.Navigate().GoToUrl(_live.BaseUrl + "/chat");
        WaitForText("Selamat datang");
        Say("mau ngomong sama petugas");
        WaitForText("sudah kami catat (nomor 1)");
        var chatTab = _driver.CurrentWindowHandle;

        // The officer logs into the console and claims the waiting conversation.
        _driver.SwitchTo().NewWindow(WindowType.Tab);
        var consoleTab = _driver.CurrentWindowHandle;
        _driver.Navigate().GoToUrl(_live.BaseUrl + "/console");
        Find(By.Name("username")).SendKeys("andi");
        Find(By.Name("password")).SendKeys(Password);
        Find(By.CssSelector("form button[type=submit]")).Click();
        WaitForText("Keluar");
        _driver.Navigate().GoToUrl(_live.BaseUrl + "/console/percakapan");
        Find(By.CssSelector("button[data-claim='1']")).Click();
        WaitForText("Percakapan #1");
        WaitForText("mau ngomong sama petugas"); // the citizen's request and what came before
        Find(By.Id("lc-text")).SendKeys("Selamat datang, Bapak/Ibu. Saya Andi, ada yang bisa dibantu?" + Keys.Enter);
        WaitForText("terkirim");

        // The citizen receives it in Web Chat and answers; the bot says nothing, the officer sees the answer arrive.
        _driver.SwitchTo().Window(chatTab);
        WaitForText("Petugas Andi sudah terhubung");
        WaitForText("Petugas Andi: Selamat datang, Bapak/Ibu. Saya Andi, ada yang bisa dibantu?");
        Say("syarat bikin NIB perorangan apa saja?");
        _driver.SwitchTo().Window(consoleTab);
        WaitForText("syarat bikin NIB perorangan apa saja?");
        Find(By.Id("lc-text")).SendKeys("Cukup bawa KTP asli saat petugas datang, Bapak/Ibu." + Keys.Enter);
        WaitForText("Cukup bawa KTP asli saat petugas datang");
        SaveScreenshot("console-livechat.png");

        _driver.SwitchTo().Window(chatTab);
        WaitForText("Petugas Andi: Cukup bawa KTP asli saat petugas datang");
        Assert.DoesNotContain("email aktif", PageText()); // the bot's FAQ answer never came while the officer had the conversation

        // Hand-back: the citizen is told, and the bot answers the same question again.
        _driver.SwitchTo().Window(consoleTab);
        Find(By.Id("lc-release")).Click();
        WaitForText("dikembalikan ke bot");
        _driver.SwitchTo().Window(chatTab);
        WaitForText("Percakapan dengan petugas sudah selesai");
        Say("syarat bikin NIB perorangan apa saja?");
        WaitForText("email aktif");
    }

    /// <summary>The README's console screenshots live in docs/screenshots (written by the browser tests).</summary>
    private void SaveScreenshot(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KissBot.sln"))) dir = dir.Parent;
        if (dir is null) return;
        var target = Path.Combine(dir.FullName, "docs", "screenshots");
        Directory.CreateDirectory(target);
        ((ITakesScreenshot)_driver).GetScreenshot().SaveAsFile(Path.Combine(target, name));
    }
}
