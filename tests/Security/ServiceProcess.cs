using System.Diagnostics;
using System.Net;

namespace KissBot.Tests.Security;

/// <summary>
/// The real service as a separate OS process (<c>dotnet KissBot.Bot.dll</c>, as scripts/run.sh runs it), so a test can
/// kill it with SIGKILL in the middle of a turn.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    public string BaseUrl { get; }

    private ServiceProcess(Process process, string baseUrl) { _process = process; BaseUrl = baseUrl; }

    public static async Task<ServiceProcess> StartAsync(params string[] args)
    {
        var port = KissBot.Persistence.EmbeddedPostgres.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(AppContext.BaseDirectory, "KissBot.Bot.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls=" + baseUrl);
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var self = new ServiceProcess(process, baseUrl);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"KissBot exited with code {process.ExitCode}");
            try
            {
                using var res = await http.GetAsync("/healthz");
                if (res.StatusCode == HttpStatusCode.OK) return self;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await self.DisposeAsync();
        throw new TimeoutException("KissBot did not become healthy.");
    }

    /// <summary>kill -9: no shutdown handler, no lease released, connections dropped.</summary>
    public void Kill9()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill9();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
