using Npgsql;

namespace KissBot.Tests.Console.Ikm;

/// <summary>SKM responses written straight into the tables (answers by element code), for dashboards with volume.</summary>
public static class SurveySeed
{
    private static readonly string[] Kecamatan = ["Ampenan", "Cakranegara", "Mataram", "Sandubaya", "Sekarbela", "Selaparang"];

    /// <summary>
    /// Inserts <paramref name="count"/> responses spread evenly over the days from <paramref name="from"/> to
    /// <paramref name="to"/> (WITA dates), rotating over the six kecamatan, with deterministic scores (mostly 3 and 4,
    /// some elements weaker than others, U9 the weakest) and a suggestion on every seventh response.
    /// </summary>
    public static async Task InsertAsync(NpgsqlDataSource db, int count, DateOnly from, DateOnly to, string prefix = "seed")
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH r AS (
                INSERT INTO skm_responses (response_id, kecamatan, risk_level, submitted_at, survey_date, gender, age, education, occupation, suggestion)
                SELECT @prefix || '_' || n, (@kec)[1 + n % 6], 'Rendah',
                       ((@from + (n * (@to - @from + 1) / @count))::timestamp + time '09:00') AT TIME ZONE 'Asia/Makassar',
                       @from + (n * (@to - @from + 1) / @count),
                       CASE WHEN n % 2 = 0 THEN 'Perempuan' ELSE 'LakiLaki' END, 20 + n % 45, 'SMA', 'Wirausaha',
                       CASE WHEN n % 7 = 0 THEN 'Saran ' || n || ': petugas ramah, mohon jadwal kunjungan dikabari lebih awal.' END
                FROM generate_series(0, @count - 1) AS n
                RETURNING response_id, substring(response_id from '[0-9]+$')::int AS n)
            INSERT INTO skm_answers (response_id, element_code, value)
            SELECT r.response_id, 'U' || e,
                   CASE WHEN (r.n * 7 + e * 3) % 10 = 0 THEN 2 WHEN (r.n * 7 + e * 3) % 10 < (ARRAY[3, 4, 6, 2, 3, 4, 3, 5, 8])[e] THEN 3 ELSE 4 END
            FROM r CROSS JOIN generate_series(1, 9) AS e
            """, conn);
        cmd.Parameters.AddWithValue("prefix", prefix);
        cmd.Parameters.AddWithValue("kec", Kecamatan);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("count", count);
        await cmd.ExecuteNonQueryAsync();
    }
}
