using KissBot.Text;

namespace KissBot.Scheduler;

/// <summary>The texts of <c>scheduler.texts.json</c>.</summary>
public static class SchedulerTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(SchedulerTexts).Assembly, "scheduler.texts.json");
}
