var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

namespace KissBot.Bot
{
    public partial class Program;
}
