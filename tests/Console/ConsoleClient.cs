using System.Net;
using System.Text.RegularExpressions;
using KissBot.Office;
using KissBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Console;

/// <summary>
/// A browser-like HTTP client of the staff console (cookies kept, redirects not followed so tests can see them):
/// reads the antiforgery token from the last page's form and posts forms with it, as a browser would.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;
    public string LastHtml { get; private set; } = "";

    public ConsoleClient(KissBotApp app) =>
        _http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates an account through the domain service (as the CLI does).</summary>
    public static async Task CreateUserAsync(KissBotApp app, string name, string password, params string[] roles)
    {
        var result = await app.Services.GetRequiredService<StaffAccounts>().CreateAsync(name, null, password, roles, StaffActor.Cli);
        Assert.IsType<StaffChange.Done>(result);
    }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        var res = await _http.GetAsync(path);
        LastHtml = await res.Content.ReadAsStringAsync();
        return res;
    }

    /// <summary>Follows redirects (GET) to the final page.</summary>
    public async Task<HttpResponseMessage> GetFollowingAsync(string path)
    {
        var res = await GetAsync(path);
        for (var i = 0; i < 5 && res.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found; i++)
            res = await GetAsync(res.Headers.Location!.ToString());
        return res;
    }

    public string Token()
    {
        var m = TokenPattern().Match(LastHtml);
        Assert.True(m.Success, "The last page has no antiforgery token:\n" + LastHtml);
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Posts a form with the token of the last page (pass token: null to post without one).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken) all.Add(new("__af", Token()));
        var res = await _http.PostAsync(path, new FormUrlEncodedContent(all));
        LastHtml = await res.Content.ReadAsStringAsync();
        return res;
    }

    public async Task<HttpResponseMessage> LoginAsync(string name, string password)
    {
        await GetAsync("/console");
        return await PostAsync("/console/masuk", [new("username", name), new("password", password)]);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
