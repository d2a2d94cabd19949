using KissBot.Scheduler.Jobs;
using KissBot.Time;
using Quartz;
using Quartz.Impl.Calendar;

namespace KissBot.Scheduler.Hosting;

/// <summary>A recurring job of the product: its cron (WITA), its calendar, and what it does when it missed its time.</summary>
public sealed record RecurringJob(string Name, Type JobType, string Cron, CronTriggerMisfireInstruction Misfire, string Description)
{
    public string TriggerName => Name + ".trigger";
}

/// <summary>
/// The catalogue of recurring jobs and the office-day calendar. Every trigger is a cron in <see cref="Wita.Zone"/>,
/// Monday–Friday, with the <see cref="OfficeDays"/> calendar excluding weekends (belt and braces with MON-FRI) and
/// national holidays / cuti bersama from <see cref="OfficeCalendar"/>.
/// </summary>
public static class SchedulerJobs
{
    public const string Group = "kissbot";
    public const string OfficeDays = "office-days";
    public const string PlanNextOfficeDay = "plan-next-office-day";
    public const string MorningReminders = "morning-reminders";
    public const string SurveyReminder = "skm-reminder";
    public const string ComplaintSla = "complaint-sla";
    public const string DataRetention = "data-retention";

    /// <summary>What a job does, in Indonesian (<c>description.&lt;name&gt;</c> in jobs.texts.json; Quartz keeps it as the job's description).</summary>
    private static string Describe(string name) => JobScheduleText.Texts["description." + name];

    public static IReadOnlyList<RecurringJob> All(SchedulerOptions o) =>
    [
        // Missed cutoff (every node down at 16:30): fire once as soon as a node is back — tomorrow's car, owners and
        // agencies depend on this plan, and planning is idempotent (a new revision, no duplicate messages).
        new(PlanNextOfficeDay, typeof(PlanNextOfficeDayJob), SchedulerOptions.WeekdayCron(o.PlanningCutoff), CronTriggerMisfireInstruction.FireAndProceed,
            Describe(PlanNextOfficeDay)),
        // Missed morning run: still fire once now — an ETA reminder an hour late is better than none; re-runs are
        // deduplicated by the reminders' idempotency keys.
        new(MorningReminders, typeof(MorningRemindersJob), SchedulerOptions.WeekdayCron(o.MorningReminderTime), CronTriggerMisfireInstruction.FireAndProceed,
            Describe(MorningReminders)),
        // Missed SKM sweep: do nothing — it is a daily sweep, the next run picks up everyone still unanswered, and a
        // survey reminder is never urgent.
        new(SurveyReminder, typeof(SurveyReminderJob), SchedulerOptions.WeekdayCron(o.SurveyReminderTime), CronTriggerMisfireInstruction.DoNothing,
            Describe(SurveyReminder)),
        // Missed SLA check: fire once now — a deadline may be about to pass; a burst of missed runs would only repeat
        // the same (deduplicated) escalations, so once is enough.
        new(ComplaintSla, typeof(ComplaintSlaJob), o.ComplaintSlaCron, CronTriggerMisfireInstruction.FireAndProceed,
            Describe(ComplaintSla)),
        // Missed retention run: fire once now (idempotent; personal data should not stay longer than configured).
        new(DataRetention, typeof(KissBot.Scheduler.Delivery.RetentionJob), "0 15 6 ? * MON-FRI", CronTriggerMisfireInstruction.FireAndProceed,
            Describe(DataRetention)),
    ];

    /// <summary>Weekends and office holidays (national holidays and cuti bersama), in WITA.</summary>
    public static ICalendar OfficeDaysCalendar(OfficeCalendar calendar)
    {
        var holidays = new HolidayCalendar { TimeZone = Wita.Zone, Description = JobScheduleText.Texts["calendar.holidays"] };
        foreach (var h in calendar.Holidays) holidays.AddExcludedDay(h.Date);
        return new WeeklyCalendar(holidays) { TimeZone = Wita.Zone, Description = JobScheduleText.Texts["calendar.officeDays"] };
    }

    /// <summary>The trigger of a job as the scheduler stores it (also used by tests to compute fire times).</summary>
    public static ITrigger BuildTrigger(RecurringJob job, TimeProvider clock, DateTimeOffset? startAt = null)
    {
        var b = TriggerBuilder.Create(clock)
            .WithIdentity(job.TriggerName, Group)
            .ForJob(job.Name, Group)
            .WithDescription(job.Description)
            .WithCronSchedule(job.Cron, c => c.InTimeZone(Wita.Zone).WithMisfireInstruction(job.Misfire))
            .WithCalendarName(OfficeDays);
        if (startAt is { } s) b = b.StartAt(s);
        return b.Build();
    }
}
