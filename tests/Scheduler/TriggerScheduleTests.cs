using KissBot.Scheduler;
using KissBot.Scheduler.Hosting;
using KissBot.Tests.Infrastructure;
using KissBot.Time;
using Quartz;
using Quartz.Extensibility;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>
/// Time travel on the triggers themselves: the fire times Quartz computes for each job (its cron in WITA, with the
/// office-day calendar) over a month with Christmas (24 Dec cuti bersama, 25 Dec holiday) and weekends.
/// </summary>
public sealed class TriggerScheduleTests
{
    private static readonly SchedulerOptions Defaults = new();
    private static readonly ICalendar OfficeDays = SchedulerJobs.OfficeDaysCalendar(OfficeCalendar.LoadEmbedded());

    private static List<DateTimeOffset> FireTimes(string jobName, DateTimeOffset from, int count, SchedulerOptions? options = null)
    {
        var job = SchedulerJobs.All(options ?? Defaults).Single(j => j.Name == jobName);
        var clock = new FakeClock(from);
        var trigger = (IOperableTrigger)SchedulerJobs.BuildTrigger(job, clock, from);
        var list = new List<DateTimeOffset>();
        var next = trigger.ComputeFirstFireTimeUtc(OfficeDays);
        while (next is { } t && list.Count < count)
        {
            list.Add(Wita.ToWita(t));
            trigger.Triggered(OfficeDays);
            next = trigger.NextFireTimeUtc;
        }
        return list;
    }

    [Fact]
    public void Nightly_planning_fires_at_1630_WITA_on_office_days_only()
    {
        var times = FireTimes(SchedulerJobs.PlanNextOfficeDay, FakeClock.Wita(2026, 12, 21, 8), 5);
        Assert.Equal(
            [FakeClock.Wita(2026, 12, 21, 16, 30), FakeClock.Wita(2026, 12, 22, 16, 30), FakeClock.Wita(2026, 12, 23, 16, 30),
             // 24 Dec (cuti bersama), 25 Dec (Natal), 26–27 Dec (weekend) are skipped
             FakeClock.Wita(2026, 12, 28, 16, 30), FakeClock.Wita(2026, 12, 29, 16, 30)],
            times);
        Assert.All(times, t => Assert.Equal(TimeSpan.FromHours(8), t.Offset));
        Assert.Equal(8, times[0].UtcDateTime.Hour); // 16:30 WITA is 08:30 UTC, whatever the server's zone
    }

    [Fact]
    public void Morning_reminders_fire_at_0630_WITA_and_skip_new_year_and_the_weekend()
    {
        var times = FireTimes(SchedulerJobs.MorningReminders, FakeClock.Wita(2026, 12, 31, 7), 2);
        // 31 Dec 06:30 has passed; 1 Jan 2027 is a holiday (Friday), 2–3 Jan the weekend.
        Assert.Equal([FakeClock.Wita(2027, 1, 4, 6, 30), FakeClock.Wita(2027, 1, 5, 6, 30)], times);
    }

    [Fact]
    public void Cutoff_and_reminder_times_come_from_configuration()
    {
        var options = new SchedulerOptions { PlanningCutoff = new TimeOnly(15, 45), SurveyReminderTime = new TimeOnly(11, 5) };
        Assert.Equal(FakeClock.Wita(2026, 11, 23, 15, 45), FireTimes(SchedulerJobs.PlanNextOfficeDay, FakeClock.Wita(2026, 11, 21, 12), 1, options)[0]);
        Assert.Equal(FakeClock.Wita(2026, 11, 23, 11, 5), FireTimes(SchedulerJobs.SurveyReminder, FakeClock.Wita(2026, 11, 22, 12), 1, options)[0]);
    }

    [Fact]
    public void Complaint_sla_checks_run_every_half_hour_in_office_hours_of_office_days()
    {
        var times = FireTimes(SchedulerJobs.ComplaintSla, FakeClock.Wita(2026, 12, 23, 17, 10), 3);
        // after 17:30 on Wed 23 Dec the next office day is Mon 28 Dec
        Assert.Equal([FakeClock.Wita(2026, 12, 23, 17, 30), FakeClock.Wita(2026, 12, 28, 7, 0), FakeClock.Wita(2026, 12, 28, 7, 30)], times);
    }

    [Fact]
    public void Misfire_policies_are_chosen_per_job()
    {
        var jobs = SchedulerJobs.All(Defaults).ToDictionary(j => j.Name, j => j.Misfire);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, jobs[SchedulerJobs.PlanNextOfficeDay]);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, jobs[SchedulerJobs.SurveyReminder]);
    }
}
