using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Records;

/// <summary>Issue 17.14: devices and oversized files are refused before anything reads them.</summary>
public sealed class InputFileCheckTests
{
    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    [InlineData("/dev/null")]
    public void A_device_is_refused_as_not_a_regular_file(string device)
    {
        var e = Assert.Throws<ScreenerException>(() => InputFileCheck.ThrowIfUnreadable(device, InputFileCheck.MaxImportBytes, device));
        Assert.Equal($"{device}: the file is empty or not a regular file (a device, pipe or socket); give a saved file", e.Message);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_its_size_and_the_limit()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[3 << 20]);
            var e = Assert.Throws<ScreenerException>(() => InputFileCheck.ThrowIfUnreadable(path, 2 << 20, "x.ris"));
            Assert.Equal("x.ris: the file is 3 MiB, more than the limit of 2 MiB; split it or cut it down", e.Message);
            InputFileCheck.ThrowIfUnreadable(path, 4 << 20, "x.ris");
        }
        finally { File.Delete(path); }
    }
}
