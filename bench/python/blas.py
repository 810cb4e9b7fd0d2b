"""Which BLAS a baseline runs, and whether it is the best this CPU supports.

The machines this project runs on set OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which make OpenBLAS
run older, slower kernels (Haswell's AVX2 ones on an AVX-512 processor). bench/run removes them
from every baseline's environment; this module checks that it worked, so that no ratio is ever
taken against a handicapped numpy:

- ``describe()`` says what this process runs: library, version, kernels ("architecture") and
  threads, from threadpoolctl, and for PyTorch its CPU capability and BLAS;
- ``require_best()`` stops the script, loudly, unless OpenBLAS runs the kernels it picks for this
  CPU by itself (its choice in a process started without those variables), and unless that
  choice uses AVX-512 when the CPU has it.
"""
import json
import os
import subprocess
import sys

# Variables that restrict which kernels a BLAS picks; a baseline at its best has none of them.
RESTRICTING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "MKL_ENABLE_INSTRUCTIONS", "MKL_CBWR",
               "ATEN_CPU_CAPABILITY")

# OpenBLAS's names of its kernels that use AVX-512 (x86-64).
AVX512_KERNELS = {"SkylakeX", "Cooperlake", "SapphireRapids"}


def _threadpool_info():
    try:
        import threadpoolctl
    except ImportError:
        sys.exit("[bench] threadpoolctl is not installed for " + sys.executable
                 + ": without it the bench cannot say which BLAS kernels numpy runs "
                 "(bench/run --with-python installs it)")
    return threadpoolctl.threadpool_info()


def openblas():
    """This process's OpenBLAS (numpy's), as threadpoolctl reports it, or None."""
    import numpy  # noqa: F401  (loads numpy's OpenBLAS)
    for lib in _threadpool_info():
        if lib.get("internal_api") == "openblas":
            return lib
    return None


def describe(threads=None):
    """
    One line: the BLAS this process trains with, e.g. 'OpenBLAS 0.3.31, SkylakeX kernels, 1
    thread'; in a PyTorch process PyTorch's own (numpy there only makes the data).
    """
    parts = []
    lib = None if "torch" in sys.modules else openblas()
    if lib is not None:
        n = threads if threads is not None else lib.get("num_threads")
        parts.append(f"OpenBLAS {lib.get('version')}, {lib.get('architecture')} kernels, "
                     f"{n} thread{'s' if n != 1 else ''}")
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        config = torch.__config__.show()
        blas = next((item.split("=", 1)[1] for line in config.splitlines()
                     for item in line.replace(",", " ").split() if item.startswith("BLAS_INFO=")), "?")
        n = torch.get_num_threads()
        parts.append(f"PyTorch's BLAS {blas}, CPU capability {torch.backends.cpu.get_cpu_capability()}, "
                     f"{n} thread{'s' if n != 1 else ''}")
    return "; ".join(parts) if parts else "no BLAS found"


def cpu_has_avx512():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return "avx512f" in line.split()
    except OSError:
        pass
    return False


def own_choice():
    """The kernels OpenBLAS picks for this CPU by itself: asked of a process without the variables."""
    env = {k: v for k, v in os.environ.items() if k not in RESTRICTING}
    code = ("import json, numpy, threadpoolctl; "
            "print(json.dumps([l.get('architecture') for l in threadpoolctl.threadpool_info() "
            "if l.get('internal_api') == 'openblas']))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    names = json.loads(out.stdout)
    return names[0] if names else None


def require_best():
    """Stops the script unless it runs the best BLAS kernels for this CPU (see the module's text)."""
    set_here = [k for k in RESTRICTING if k in os.environ]
    if set_here:
        sys.exit("[bench] a baseline must run without " + ", ".join(set_here)
                 + " (they restrict the BLAS kernels); bench/run removes them from its baselines")
    lib = openblas()
    if lib is None:
        return
    best = own_choice()
    ran = lib.get("architecture")
    if ran != best:
        sys.exit(f"[bench] numpy's OpenBLAS runs its {ran} kernels, but picks {best} for this CPU by "
                 "itself: the baseline would be handicapped")
    if cpu_has_avx512() and ran not in AVX512_KERNELS:
        sys.exit(f"[bench] this CPU has AVX-512 but numpy's OpenBLAS {lib.get('version')} runs its {ran} "
                 "kernels: it is too old for this CPU, and the baseline would be handicapped")
    torch = sys.modules.get("torch")
    if torch is not None and cpu_has_avx512() and "AVX512" not in torch.backends.cpu.get_cpu_capability():
        sys.exit("[bench] this CPU has AVX-512 but PyTorch runs with CPU capability "
                 + torch.backends.cpu.get_cpu_capability())
