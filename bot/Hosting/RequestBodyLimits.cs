using Microsoft.AspNetCore.Http.Features;

namespace KissBot.Bot.Hosting;

/// <summary>
/// Request body limits per endpoint (issue 10, scenario 6), applied before an endpoint reads anything: a declared
/// Content-Length above the limit is refused at once (413), a chunked body is cut off as soon as it passes the limit.
/// </summary>
public static class RequestBodyLimits
{
    public static long? LimitFor(HttpRequest r, SecuritySettings s)
    {
        if (!HttpMethods.IsPost(r.Method) && !HttpMethods.IsPut(r.Method)) return null;
        var path = r.Path.Value ?? "";
        if (path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase)) return s.MessagesBodyBytes;
        if (path.Equals("/api/whatsapp", StringComparison.OrdinalIgnoreCase)) return s.WhatsAppBodyBytes;
        if (path.Equals("/api/nlu/parse", StringComparison.OrdinalIgnoreCase)) return s.NluBodyBytes;
        if (path.StartsWith("/v3/", StringComparison.OrdinalIgnoreCase) && !path.EndsWith("/upload", StringComparison.OrdinalIgnoreCase))
            return s.DirectLineBodyBytes;
        return null;
    }

    public static WebApplication UseRequestBodyLimits(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SecuritySettings>();
        app.Use(async (ctx, next) =>
        {
            if (LimitFor(ctx.Request, settings) is not { } limit) { await next(ctx); return; }
            if (ctx.Request.ContentLength > limit) { await TooLargeAsync(ctx, limit); return; }
            ctx.Request.Body = new LimitedStream(ctx.Request.Body, limit);
            try
            {
                await next(ctx);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !ctx.Response.HasStarted)
            {
                await TooLargeAsync(ctx, limit);
            }
        });
        return app;
    }

    private static Task TooLargeAsync(HttpContext ctx, long limit)
    {
        ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        ctx.Response.Headers.Connection = "close"; // no draining of the rest of the body
        return ctx.Response.WriteAsJsonAsync(new { error = new { code = "MessageSizeTooBig",
            message = $"Permintaan terlalu panjang (maksimal {limit / 1024} KB)." } });
    }

    /// <summary>Reads at most <c>limit</c> bytes, then throws a 413 <see cref="BadHttpRequestException"/>.</summary>
    public sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Reads the whole (already limited) body into memory.</summary>
    public static async Task<byte[]> ReadAllAsync(HttpRequest r, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await r.Body.CopyToAsync(ms, ct);
        return ms.ToArray();
    }
}
