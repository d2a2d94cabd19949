using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Protocol;

namespace KissBot.Runtime;

/// <summary>A typed view over one state document (SDK: a BotState property accessor).</summary>
public sealed class StateBag(JsonObject data)
{
    public JsonObject Data { get; } = data;

    public T? Get<T>(string key) =>
        Data.TryGetPropertyValue(key, out var node) && node is not null ? node.Deserialize<T>(ProtocolJson.Options) : default;

    public T GetOrCreate<T>(string key) where T : new() => Get<T>(key) ?? new T();

    public void Set<T>(string key, T? value)
    {
        if (value is null) Data.Remove(key);
        else Data[key] = JsonSerializer.SerializeToNode(value, ProtocolJson.Options);
    }

    public void Remove(string key) => Data.Remove(key);
}
