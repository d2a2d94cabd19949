using KissBot.Places;

namespace KissBot.Scheduler.Planning;

/// <summary>Reproducible synthetic bookings around Mataram's kelurahan centroids (tests and benchmark only).</summary>
public static class SyntheticStops
{
    private static readonly Lazy<KelurahanDirectory> Directory = new(KelurahanDirectory.LoadEmbedded);

    /// <summary>
    /// <paramref name="count"/> stops at random kelurahan centroids (jittered by up to ~400 m), 1–4 pelaku usaha
    /// (skewed to 1), and with probability <paramref name="windowProbability"/> a requested window of 1–3 h starting
    /// between 07:30 and 14:00 on the half hour.
    /// </summary>
    public static List<PlanStop> Generate(int count, int seed, double windowProbability = 0.35, KelurahanDirectory? directory = null)
    {
        var dir = directory ?? Directory.Value;
        var rnd = new Random(seed);
        var list = new List<PlanStop>(count);
        for (var i = 0; i < count; i++)
        {
            var k = dir.All[rnd.Next(dir.All.Count)];
            var lat = k.Latitude + (rnd.NextDouble() - 0.5) * 0.007;
            var lon = k.Longitude + (rnd.NextDouble() - 0.5) * 0.007;
            var roll = rnd.NextDouble();
            var pelaku = roll < 0.5 ? 1 : roll < 0.75 ? 2 : roll < 0.9 ? 3 : 4;
            TimeOnly? ws = null, we = null;
            if (rnd.NextDouble() < windowProbability)
            {
                var start = new TimeOnly(7, 30).AddMinutes(30 * rnd.Next(0, 14));
                ws = start;
                we = start.AddMinutes(60 * rnd.Next(1, 4));
            }
            list.Add(new PlanStop($"KM-{seed:D4}-{i + 1:D2}", k.Name, Math.Round(lat, 5), Math.Round(lon, 5), pelaku, ws, we));
        }
        return list;
    }
}
