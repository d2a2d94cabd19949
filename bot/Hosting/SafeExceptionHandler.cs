using KissBot.Runtime;

namespace KissBot.Bot.Hosting;

/// <summary>
/// The outermost middleware: an unhandled exception becomes a plain 500 JSON answer and ONE log line with the exception
/// type and, for PostgreSQL, only its SQLSTATE (issue 10): the framework's own handler would log the whole exception,
/// whose message, detail and context ("Where") carry the user's text.
/// </summary>
public static class SafeExceptionHandler
{
    /// <summary>The error messages of the service's own HTTP answers (<c>bot/Hosting/http.texts.json</c>).</summary>
    public static readonly KissBot.Text.TextTable Texts = KissBot.Text.TextTable.LoadEmbedded(typeof(SafeExceptionHandler).Assembly, "http.texts.json");

    public static WebApplication UseSafeExceptionHandler(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KissBot.Errors");
        app.Use(async (ctx, next) =>
        {
            try
            {
                await next(ctx);
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // the client went away
            }
            catch (BadHttpRequestException e)
            {
                if (ctx.Response.HasStarted) throw;
                ctx.Response.StatusCode = e.StatusCode;
            }
            catch (Exception e) when (IsDatabaseAway(e) && !ctx.Response.HasStarted)
            {
                // PostgreSQL restarting or unreachable: a retryable 503 (Meta and clients retry), not a server bug.
                log.LogWarning("Database unavailable on {Method} {Path}: {Error}", ctx.Request.Method, ctx.Request.Path.Value, SafeError.Describe(e));
                ctx.Response.Clear();
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await ctx.Response.WriteAsJsonAsync(new { error = new { code = "ServiceUnavailable", message = Texts["error.busy"] } });
            }
            catch (Exception e)
            {
                log.LogError("Unhandled error on {Method} {Path}: {Error}", ctx.Request.Method, ctx.Request.Path.Value, SafeError.Describe(e));
                if (ctx.Response.HasStarted) { ctx.Abort(); return; }
                ctx.Response.Clear();
                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await ctx.Response.WriteAsJsonAsync(new { error = new { code = "InternalError", message = Texts["error.internal"] } });
            }
        });
        return app;
    }

    private static bool IsDatabaseAway(Exception e) =>
        e is TimeoutException || e is Npgsql.NpgsqlException { IsTransient: true } || e is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "3D000" or "55000" }
        || (e is Npgsql.NpgsqlException && e is not Npgsql.PostgresException) || (e.InnerException is { } inner && IsDatabaseAway(inner));
}
