using Npgsql;

namespace KissBot.Runtime;

/// <summary>
/// An exception as it may appear in logs and error columns (issue 10): PostgreSQL errors carry user text in their
/// message, detail and context ("Where": the JSON or row being written), so only their SQLSTATE and the object names
/// are kept; other messages get long digit runs (NIK, phone) masked.
/// </summary>
public static class SafeError
{
    public static string Describe(Exception e)
    {
        var pg = e as PostgresException ?? e.InnerException as PostgresException;
        if (pg is not null)
            return $"PostgresException {pg.SqlState}" + (pg.TableName is { } t ? $" table {t}" : "") + (pg.ConstraintName is { } c ? $" constraint {c}" : "");
        var message = e.Message.Length > 300 ? e.Message[..300] + "…" : e.Message;
        return e.GetType().Name + ": " + KissBot.Validation.LogMask.Ids(message);
    }

    /// <summary>True when the exception (or its inner one) may contain user data in its text or its Data.</summary>
    public static bool MayCarryUserData(Exception e) => e is PostgresException || e.InnerException is PostgresException;
}
