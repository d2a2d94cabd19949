using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>Issue 10, scenario 6: request bodies are bounded per endpoint and refused before they are read whole.</summary>
public sealed class InputBoundsTests
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);

    /// <summary>A chunked body (no Content-Length) that counts how much of it the server pulled.</summary>
    private sealed class CountingContent(long size, byte fill = (byte)'a') : HttpContent
    {
        public long Written;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, fill);
            try
            {
                while (Written < size)
                {
                    await stream.WriteAsync(chunk);
                    Written += chunk.Length;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException) { }
        }

        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    private static async Task<(HttpStatusCode Status, long Written)> PostChunkedAsync(HttpClient http, string path, long size, string? signature = null)
    {
        var content = new CountingContent(size);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (signature is not null) req.Headers.Add("X-Hub-Signature-256", signature);
        using var res = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
        return (res.StatusCode, content.Written);
    }

    /// <summary>
    /// Raw HTTP/1.1 on a socket: headers of an 8 MB chunked POST and only its first 64 KB, then waits for the answer.
    /// A server that needs the whole body before refusing never answers within the timeout.
    /// </summary>
    private static async Task<int?> StatusBeforeTheBodyIsSentAsync(Uri baseUrl, string path, string? signature)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                   + (signature is null ? "" : $"X-Hub-Signature-256: {signature}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
        await stream.WriteAsync(chunk);
        await stream.WriteAsync("\r\n"u8.ToArray());
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            var statusLine = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
            return int.Parse(statusLine.Split(' ')[1]);
        }
        catch (OperationCanceledException) { return null; }
    }

    [Fact]
    public async Task An_unsigned_8_MB_chunked_webhook_is_refused_without_being_read()
    {
        // On the real Kestrel server, as the issue found it.
        await using var live = await KissBot.Tests.DirectLine.LiveKissBot.StartAsync("sec_bounds_wa",
            "--WhatsApp:AppSecret=" + WhatsAppHarness.AppSecret, "--WhatsApp:WorkerEnabled=false");
        var baseUrl = new Uri(live.BaseUrl);
        Assert.Equal(401, await StatusBeforeTheBodyIsSentAsync(baseUrl, "/api/whatsapp", null));
        // /api/messages with anonymous access off: refused before its body is read as well.
        Assert.Equal(401, await StatusBeforeTheBodyIsSentAsync(baseUrl, "/api/messages", null));
        // Signed (wrongly) and huge: cut off at the endpoint's limit, not read to the end.
        using var http = new HttpClient { BaseAddress = baseUrl };
        var (signed, _) = await PostChunkedAsync(http, "/api/whatsapp", 8L * 1024 * 1024, "sha256=" + new string('0', 64));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, signed);
    }

    [Fact]
    public async Task Every_public_endpoint_has_its_own_body_limit()
    {
        await using var app = await KissBotApp.StartAsync("sec_bounds", Monday);
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostChunkedAsync(http, "/api/messages", 2L * 1024 * 1024)).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostChunkedAsync(http, "/api/nlu/parse", 2L * 1024 * 1024)).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostChunkedAsync(http, "/v3/directline/conversations/x/activities", 2L * 1024 * 1024)).Status);
        using var declared = new ByteArrayContent(new byte[300 * 1024]);
        declared.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var res = await http.PostAsync("/api/messages", declared);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Contains("terlalu panjang", await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_webhook_with_a_huge_text_is_answered_politely_not_processed()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_bounds_long", Monday);
        var sent = await wa.SayAsync(new string('x', 9000));
        Assert.Contains("terlalu panjang", WhatsAppHarness.Texts(sent));
    }
}
