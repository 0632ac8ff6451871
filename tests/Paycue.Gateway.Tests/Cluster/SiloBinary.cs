namespace Paycue.Gateway.Tests.Cluster;

/// <summary>paycue-silo from the same build configuration as this test assembly (built first; see the csproj).</summary>
public static class SiloBinary
{
    public static string Path()
    {
        var configuration = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)))!;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Paycue.slnx")))
        {
            dir = dir.Parent;
        }

        var path = System.IO.Path.Combine(dir!.FullName, "src", "Paycue.Silo", "bin", configuration, "net10.0", "paycue-silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: paycue-silo is missing.", path);
    }
}
