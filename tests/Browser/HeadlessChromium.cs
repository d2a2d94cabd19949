using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;

namespace KissBot.Tests.Browser;

/// <summary>
/// A headless Debian Chromium driven through chromium-driver, with its own throw-away profile, and the page helpers
/// the browser tests share (text of the page, waiting for a text). Dispose quits the browser and deletes the profile.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "kissbot-chromium-" + Guid.NewGuid().ToString("N")[..8]);

    public ChromeDriver Driver { get; }

    public HeadlessChromium(int width, int height)
    {
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            $"--window-size={width},{height}", "--lang=id-ID", "--user-data-dir=" + _profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!,
            Path.GetFileName(BrowserFactAttribute.ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public string PageText() => Driver.FindElement(By.TagName("body")).Text;

    /// <summary>Waits until the page shows <paramref name="text"/> (case-insensitive); fails the test with what it shows instead.</summary>
    public void WaitForText(string text, int seconds = 30)
    {
        try { new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)).Until(_ => PageText().Contains(text, StringComparison.OrdinalIgnoreCase)); }
        catch (WebDriverTimeoutException) { Assert.Fail($"The page never showed \"{text}\". It shows:\n{PageText()}"); }
    }

    public void Dispose()
    {
        try { Driver.Quit(); } catch (WebDriverException) { }
        Driver.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
