using Reimburse.LocalReader.Ocr;

namespace Reimburse.LocalReader.Tests.Ocr;

public class OcrEnginePoolTests
{
    private static OcrEngines NewEngines() => new(
        TesseractEngine.Create(new LocalReaderOptions().TessdataPath, "jpn"),
        () => TesseractEngine.Create(new LocalReaderOptions().TessdataPath, "osd"));

    [Fact]
    public async Task A_returned_engine_is_reused()
    {
        using var pool = new OcrEnginePool(2, NewEngines);
        for (var i = 0; i < 4; i++)
        {
            using var lease = await pool.RentAsync(CancellationToken.None);
        }
        Assert.Equal(1, pool.Created);
    }

    [Fact]
    public async Task No_more_engines_than_the_bound_exist_and_callers_wait_for_one()
    {
        using var pool = new OcrEnginePool(2, NewEngines);
        var a = await pool.RentAsync(CancellationToken.None);
        var b = await pool.RentAsync(CancellationToken.None);
        var third = pool.RentAsync(CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(third.IsCompleted);
        Assert.NotSame(a.Engines, b.Engines);
        a.Dispose();
        using var c = await third.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(a.Engines, c.Engines);
        Assert.Equal(2, pool.Created);
        b.Dispose();
    }

    [Fact]
    public async Task A_waiting_caller_can_cancel()
    {
        using var pool = new OcrEnginePool(1, NewEngines);
        using var held = await pool.RentAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.RentAsync(cts.Token));
    }

    [Fact]
    public async Task A_disposed_pool_refuses_new_leases_and_ends_engines_given_back_late()
    {
        var pool = new OcrEnginePool(1, NewEngines);
        var lease = await pool.RentAsync(CancellationToken.None);
        pool.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pool.RentAsync(CancellationToken.None));
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lease.Engines.Recognizer.Recognize(null!, 300, Tess.PsmSingleBlock));
    }

    [Fact]
    public void Missing_orientation_data_leaves_the_recognizer_working()
    {
        var folder = Reimburse.Testing.RepoPaths.NewTempFolder("tessdata-no-osd");
        try
        {
            File.CreateSymbolicLink(Path.Combine(folder, "jpn.traineddata"), Path.Combine(new LocalReaderOptions().TessdataPath, "jpn.traineddata"));
            using var engines = new OcrEngines(TesseractEngine.Create(folder, "jpn"), () => TesseractEngine.Create(folder, "osd"));
            Assert.Null(engines.Osd);
            Assert.Null(engines.Osd);
            Assert.Equal("jpn", engines.Recognizer.Language);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OpenMp_is_limited_to_one_thread_in_native_code()
    {
        Assert.Equal(1, NativeLibraries.OmpThreadLimit);
        Assert.Equal("1", System.Runtime.InteropServices.Marshal.PtrToStringUTF8(LibC.getenv("OMP_THREAD_LIMIT")));
        Assert.StartsWith("5.", NativeLibraries.TesseractVersion, StringComparison.Ordinal);
    }
}
