using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven by its ChromeDriver, with a throwaway profile, and the waits the browser tests
/// need (text on the page, a usable element) plus screenshots (into <c>docs/screenshots</c> for the README with KISSBOT_SCREENSHOTS=1).
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "kissbot-chromium-" + Guid.NewGuid().ToString("N")[..8]);

    public ChromeDriver Driver { get; }

    /// <param name="windowSize">"width,height" in CSS pixels, e.g. "480,900" (phone-like) or "1280,900".</param>
    public HeadlessChromium(string windowSize)
    {
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            // Several tabs (a citizen and an officer) keep running their timers and sockets while in the background.
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            "--window-size=" + windowSize, "--lang=id-ID", "--user-data-dir=" + _profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!,
            Path.GetFileName(BrowserFactAttribute.ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public string PageText() => Driver.FindElement(By.TagName("body")).Text;

    public void WaitForText(string text, int seconds = 30)
    {
        // A page that is being replaced (a form post, a refresh) makes the old body stale: that is "not yet", not a failure.
        var wait = Waits.Tolerant(Driver, seconds);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        try { wait.Until(_ => PageText().Contains(text, StringComparison.OrdinalIgnoreCase)); }
        catch (WebDriverTimeoutException) { Assert.Fail($"The page never showed \"{text}\". It shows:\n{PageText()}"); }
    }

    /// <summary>The first displayed, enabled element matching <paramref name="by"/> (waits up to 30 s).</summary>
    public IWebElement Find(By by) =>
        Waits.Tolerant(Driver, 30).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed && e.Enabled))!;

    /// <summary>
    /// Saves what the window shows as <c>&lt;name&gt;</c>: into <c>docs/screenshots</c> of the repository (the README's
    /// images) only when the environment variable <c>KISSBOT_SCREENSHOTS=1</c> is set, otherwise into a temporary
    /// directory (<c>$TMPDIR/kissbot-screenshots</c>), so an ordinary test run never rewrites committed files.
    /// </summary>
    public void SaveScreenshot(string name)
    {
        var target = ScreenshotDirectory();
        if (target is null) return;
        Directory.CreateDirectory(target);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(target, name));
    }

    /// <summary>Where <see cref="SaveScreenshot"/> writes (see there); null when the repository is not found.</summary>
    public static string? ScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("KISSBOT_SCREENSHOTS") != "1") return Path.Combine(Path.GetTempPath(), "kissbot-screenshots");
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KissBot.sln"))) dir = dir.Parent;
        return dir is null ? null : Path.Combine(dir.FullName, "docs", "screenshots");
    }

    public void Dispose()
    {
        try { Driver.Quit(); } catch (WebDriverException) { }
        Driver.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
