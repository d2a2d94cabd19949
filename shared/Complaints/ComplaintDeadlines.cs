using KissBot.Persistence;

namespace KissBot.Complaints;

/// <summary>A complaint whose resolution deadline is close.</summary>
public sealed record ComplaintNearDeadline(string Code, DateTimeOffset Deadline);

/// <summary>The complaints feature's answer to the scheduler: open complaints whose SLA deadline comes before a moment.</summary>
public sealed class ComplaintDeadlines(KissBotDatabase db)
{
    public async Task<IReadOnlyList<ComplaintNearDeadline>> DueBeforeAsync(DateTimeOffset until, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT code, sla_due_at FROM complaints
            WHERE status NOT IN ('selesai', 'ditutup') AND sla_due_at IS NOT NULL AND sla_due_at <= @until
            ORDER BY sla_due_at LIMIT 50
            """);
        cmd.Parameters.AddWithValue("until", until.ToUniversalTime());
        var list = new List<ComplaintNearDeadline>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new ComplaintNearDeadline(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)));
        return list;
    }
}
