using Xunit;

namespace KissBot.Tests.Browser;

/// <summary>
/// A fact that needs headless Chromium + ChromeDriver (Debian packages, installed by scripts/setup.sh). Skipped only
/// when they are absent on a developer machine; with CI=true it always runs (and fails if they are missing).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public BrowserFactAttribute()
    {
        var installed = File.Exists(Chromium) && File.Exists(ChromeDriver);
        if (!installed && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{Chromium} or {ChromeDriver} is not installed (run scripts/setup.sh); required when CI=true.";
    }
}
