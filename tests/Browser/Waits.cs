using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace KissBot.Tests.Browser;

/// <summary>
/// Waits that look again when Web Chat re-renders an element between finding it and reading it (a stale element is
/// "not there yet", not a failure): without this a loaded machine fails the browser tests at random.
/// </summary>
public static class Waits
{
    public static WebDriverWait Tolerant(IWebDriver driver, double seconds)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(seconds));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }
}
