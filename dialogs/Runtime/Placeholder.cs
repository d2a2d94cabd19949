namespace KissBot.Dialogs;
