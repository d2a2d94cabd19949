namespace KissBot.Tests.Architecture;

/// <summary>The repository's source files as the architecture checks read them (product folders, no build output).</summary>
internal static class SourceTree
{
    public static readonly string Root = FindRoot();

    public static readonly string[] ProductFolders = ["bot", "dialogs", "scheduler", "shared"];

    /// <summary>Files matching <paramref name="pattern"/> under <paramref name="folders"/>, as sorted repository-relative paths.</summary>
    public static IEnumerable<string> Files(string pattern, params string[] folders) =>
        folders.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), pattern, SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Order();

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>A source file without its <c>//</c> comment lines (a comment may quote a text or a statement).</summary>
    public static string WithoutLineComments(string relative) =>
        string.Join('\n', File.ReadAllLines(Path.Combine(Root, relative)).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KissBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("KissBot.sln not found above " + AppContext.BaseDirectory);
    }
}
