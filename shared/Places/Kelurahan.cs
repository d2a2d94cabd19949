using System.Globalization;

namespace KissBot.Places;

/// <summary>A kelurahan of Kota Mataram with its official code and centroid.</summary>
public sealed record Kelurahan(string Code, string Name, string Kecamatan, double Latitude, double Longitude);

/// <summary>The 50 kelurahan in 6 kecamatan of Kota Mataram (the project's copy of the reference list).</summary>
public sealed class KelurahanDirectory
{
    public IReadOnlyList<Kelurahan> All { get; }
    public IReadOnlyList<string> Kecamatan { get; }

    public KelurahanDirectory(IReadOnlyList<Kelurahan> all)
    {
        All = all;
        Kecamatan = all.Select(k => k.Kecamatan).Distinct().ToList();
    }

    public static KelurahanDirectory LoadEmbedded()
    {
        using var stream = typeof(KelurahanDirectory).Assembly.GetManifestResourceStream("KissBot.Data.mataram-kelurahan.csv")
            ?? throw new InvalidOperationException("Embedded kelurahan list is missing.");
        using var reader = new StreamReader(stream);
        var rows = new List<Kelurahan>();
        foreach (var line in reader.ReadToEnd().Split('\n').Skip(1))
        {
            var f = line.Trim().Split(',');
            if (f.Length < 5) continue;
            rows.Add(new Kelurahan(f[0], f[2], f[1],
                double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)));
        }
        return new KelurahanDirectory(rows);
    }

    public Kelurahan? ByName(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}
