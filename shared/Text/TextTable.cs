using System.Reflection;
using System.Text.Json;

namespace KissBot.Text;

/// <summary>
/// User-facing texts of one feature, loaded from a readable JSON file (key → text, or key → list of texts) embedded
/// next to the feature's code. Placeholders are written <c>{name}</c>.
/// </summary>
public sealed class TextTable
{
    private readonly Dictionary<string, JsonElement> _entries;

    private TextTable(Dictionary<string, JsonElement> entries) => _entries = entries;

    public static TextTable FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidOperationException("Empty text table."));

    /// <summary>Loads the embedded resource whose name ends with <paramref name="fileName"/> from <paramref name="assembly"/>.</summary>
    public static TextTable LoadEmbedded(Assembly assembly, string fileName)
    {
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(fileName, StringComparison.Ordinal));
        using var s = assembly.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return FromJson(r.ReadToEnd());
    }

    public string this[string key] => Get(key);

    public string Get(string key, params (string Name, object? Value)[] args)
    {
        if (!_entries.TryGetValue(key, out var e)) throw new KeyNotFoundException($"Missing text '{key}'.");
        var text = e.ValueKind == JsonValueKind.Array ? string.Join("\n", e.EnumerateArray().Select(x => x.GetString())) : e.GetString()!;
        foreach (var (name, value) in args) text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        return text;
    }

    public IReadOnlyList<string> List(string key) =>
        _entries.TryGetValue(key, out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.GetString()!).ToList()
            : throw new KeyNotFoundException($"Missing list '{key}'.");

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>A structured entry (a list of records, a map of synonyms) read as <typeparamref name="T"/>.</summary>
    public T Read<T>(string key) =>
        _entries.TryGetValue(key, out var e)
            ? e.Deserialize<T>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? throw new InvalidOperationException($"Empty entry '{key}'.")
            : throw new KeyNotFoundException($"Missing entry '{key}'.");
}
