namespace KissBot.Scheduler;
