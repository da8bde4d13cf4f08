using System.Collections.Concurrent;

namespace Reimburse.LocalReader.Ocr;

/// <summary>Hands out Tesseract engines for one document at a time.</summary>
internal interface IOcrEngineSource : IDisposable
{
    /// <summary>An engine set for the caller's exclusive use until the lease is disposed.</summary>
    ValueTask<OcrLease> RentAsync(CancellationToken cancellationToken);
}

/// <summary>A recognition engine and an orientation-detection engine, used together for one document.</summary>
internal sealed class OcrEngines(TesseractEngine recognizer, Func<TesseractEngine> createOsd) : IDisposable
{
    private TesseractEngine? _osd;
    private bool _osdUnavailable;

    public TesseractEngine Recognizer { get; } = recognizer;

    /// <summary>
    /// The orientation engine, created on first use; null when osd.traineddata is missing (the reader then relies on
    /// EXIF and on re-reading pages that look sideways).
    /// </summary>
    public TesseractEngine? Osd
    {
        get
        {
            if (_osd is null && !_osdUnavailable)
            {
                try
                {
                    _osd = createOsd();
                }
                catch (InvalidOperationException)
                {
                    _osdUnavailable = true;
                }
            }
            return _osd;
        }
    }

    public void Dispose()
    {
        Recognizer.Dispose();
        _osd?.Dispose();
    }
}

/// <summary>The caller's hold on an engine set; disposing gives it back.</summary>
internal sealed class OcrLease(OcrEngines engines, Action<OcrEngines> release) : IDisposable
{
    private int _released;

    public OcrEngines Engines { get; } = engines;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release(Engines);
        }
    }
}

/// <summary>
/// A bounded, thread-safe pool of Tesseract engines: at most <see cref="Size"/> exist, each reused for document
/// after document, created lazily. Callers beyond the bound wait for an engine to come back.
/// </summary>
/// <remarks>
/// A TessBaseAPI takes hundreds of milliseconds and tens of MB to initialise for Japanese; reusing it is the
/// difference the extract benchmark measures. Disposing the pool ends idle engines at once and leased ones when
/// they are returned.
/// </remarks>
internal sealed class OcrEnginePool : IOcrEngineSource
{
    private readonly ConcurrentBag<OcrEngines> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly Func<OcrEngines> _create;
    private int _created;
    private volatile bool _disposed;

    public OcrEnginePool(int size, Func<OcrEngines> create)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _create = create;
        _slots = new SemaphoreSlim(size, size);
    }

    public int Size { get; }

    /// <summary>How many engine sets the pool has created so far (never more than <see cref="Size"/>).</summary>
    public int Created => Volatile.Read(ref _created);

    public async ValueTask<OcrLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_idle.TryTake(out var engines))
            {
                engines = _create();
                Interlocked.Increment(ref _created);
            }
            return new OcrLease(engines, Return);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var engines))
        {
            engines.Dispose();
        }
    }

    private void Return(OcrEngines engines)
    {
        if (_disposed)
        {
            engines.Dispose();
        }
        else
        {
            _idle.Add(engines);
            // A return racing with Dispose: make sure nothing stays behind in the bag.
            if (_disposed && _idle.TryTake(out var late))
            {
                late.Dispose();
            }
        }
        _slots.Release();
    }
}

/// <summary>Creates a fresh engine set for every document and ends it afterwards: the baseline the pool is measured against.</summary>
internal sealed class PerDocumentEngines(Func<OcrEngines> create) : IOcrEngineSource
{
    public ValueTask<OcrLease> RentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new OcrLease(create(), e => e.Dispose()));
    }

    public void Dispose()
    {
    }
}
