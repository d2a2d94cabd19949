using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>What to do with a failed Graph send (docs/reference/channels.md §4.6).</summary>
public enum WhatsAppErrorKind
{
    /// <summary>Transient (5xx, 131000, 131016, 1/2): retry with exponential backoff.</summary>
    Retryable,
    /// <summary>Throughput limits (HTTP 429, 130429, 131056 pair rate, 4, 80007, 613): back off (honour Retry-After), then retry.</summary>
    RateLimited,
    /// <summary>131047: outside the 24 h window: resend as a template, never retry free-form.</summary>
    NeedsTemplate,
    /// <summary>190 (token expired/invalid), 10/200/3/… permission: operator action; don't retry.</summary>
    AuthenticationFailed,
    /// <summary>Don't retry: 131026, 131049, 131051, 131052/131053, 131062, 100, 131008/131009, 368, 132xxx, other 4xx.</summary>
    Permanent,
}

/// <summary>A Graph API error (<c>{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}</c>).</summary>
public sealed record WhatsAppGraphError(int HttpStatus, int? Code, int? Subcode, string? Message, string? Details, string? FbTraceId)
{
    public WhatsAppErrorKind Kind => WhatsAppErrorClassifier.Classify(HttpStatus, Code, Subcode);
    public bool IsRetryable => WhatsAppErrorClassifier.IsRetryable(Kind);

    /// <summary>Parses a Graph error body; a body that is not one still yields an error with the HTTP status only.</summary>
    public static WhatsAppGraphError Parse(int httpStatus, string? body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    static int? Int(JsonElement o, string n) => o.TryGetProperty(n, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var i) ? i : null;
                    static string? Str(JsonElement o, string n) => o.TryGetProperty(n, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                    var details = e.TryGetProperty("error_data", out var d) && d.ValueKind == JsonValueKind.Object ? Str(d, "details") : null;
                    return new(httpStatus, Int(e, "code"), Int(e, "error_subcode"), Str(e, "message"), details, Str(e, "fbtrace_id"));
                }
            }
            catch (JsonException) { }
        }
        return new(httpStatus, null, null, null, null, null);
    }
}

public static class WhatsAppErrorClassifier
{
    public static bool IsRetryable(WhatsAppErrorKind kind) => kind is WhatsAppErrorKind.Retryable or WhatsAppErrorKind.RateLimited;

    /// <summary>Classifies by Graph error code first (more precise), then by HTTP status.</summary>
    public static WhatsAppErrorKind Classify(int httpStatus, int? code, int? subcode = null)
    {
        if (code is { } c)
        {
            switch (c)
            {
                case 130429: case 131056: case 4: case 80007: case 613: case 17: case 32:
                    return WhatsAppErrorKind.RateLimited;
                case 131000: case 131016: case 133004: case 1: case 2:
                    return WhatsAppErrorKind.Retryable;
                case 131047:
                    return WhatsAppErrorKind.NeedsTemplate;
                case 190: case 0: case 3: case 10: case 200: case 131005:
                    return c == 0 && httpStatus >= 500 ? WhatsAppErrorKind.Retryable : WhatsAppErrorKind.AuthenticationFailed;
                case 131026: case 131049: case 131051: case 131052: case 131053: case 131062: case 100: case 131008: case 131009: case 368:
                    return WhatsAppErrorKind.Permanent;
                case >= 132000 and < 133000:
                    return WhatsAppErrorKind.Permanent; // template problems
            }
        }
        if (httpStatus == 429) return WhatsAppErrorKind.RateLimited;
        if (httpStatus is >= 500 or 408 or 0) return WhatsAppErrorKind.Retryable; // 0: no response (network)
        if (httpStatus is 401 or 403) return WhatsAppErrorKind.AuthenticationFailed;
        if (httpStatus is >= 200 and < 300 && code is null) return WhatsAppErrorKind.Retryable; // shouldn't happen; be lenient
        return WhatsAppErrorKind.Permanent;
    }

    /// <summary>Classifies an error from a webhook status (<c>statuses[].errors[]</c>), where no HTTP status exists.</summary>
    public static WhatsAppErrorKind Classify(WhatsAppError error) => Classify(400, error.Code, error.Subcode);

    /// <summary>
    /// Delay requested by <c>Retry-After</c> (delta seconds or HTTP date; HTTP semantics: seconds, unlike Direct Line's
    /// milliseconds), clamped to [0, <paramref name="max"/> (default 1 h)]. Null when absent.
    /// </summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset nowUtc, TimeSpan? max = null)
    {
        var cap = max ?? TimeSpan.FromHours(1);
        var ra = headers.RetryAfter;
        TimeSpan? delay = null;
        if (ra?.Delta is { } d) delay = d;
        else if (ra?.Date is { } date) delay = date - nowUtc;
        else if (headers.TryGetValues("Retry-After", out var raw) && raw.FirstOrDefault() is { } s
                 && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && double.IsFinite(secs))
            delay = TimeSpan.FromSeconds(Math.Min(secs, cap.TotalSeconds));
        if (delay is null) return null;
        if (delay < TimeSpan.Zero) return TimeSpan.Zero;
        return delay > cap ? cap : delay;
    }

    /// <summary>Backoff when no Retry-After is given: exponential from 1 s (rate limits from 5 s) with full jitter, capped at 5 min.</summary>
    public static TimeSpan SuggestedDelay(WhatsAppErrorKind kind, int attempt, Random? random = null)
    {
        var baseDelay = kind == WhatsAppErrorKind.RateLimited ? 5.0 : 1.0;
        var ceiling = Math.Min(300, baseDelay * Math.Pow(2, Math.Clamp(attempt, 0, 16)));
        var r = random ?? Random.Shared;
        return TimeSpan.FromSeconds(ceiling / 2 + r.NextDouble() * ceiling / 2);
    }
}
