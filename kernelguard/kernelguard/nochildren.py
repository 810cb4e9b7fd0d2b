"""A kernel that cannot start processes: a seccomp filter installed in the kernel's process just
before it becomes the JVM (Linux, x86-64 and arm64; standard library only).

The filter lets every system call through except those that make a new process: fork and vfork
fail with EPERM, clone fails with EPERM unless it makes a thread (CLONE_THREAD), and clone3 says
ENOSYS (the C library then falls back to clone, where the same rule holds). A thread of the JVM
still starts as usual; ProcessBuilder, Runtime.exec and a native fork all fail, so nothing the
kernel runs can outlive it, double fork or new session included. A filter is inherited and can
never be removed, and no_new_privs (which a filter needs) keeps a set-uid program from gaining
rights.

    from kernelguard.nochildren import forbid_new_processes
    subprocess.Popen(argv, preexec_fn=forbid_new_processes)
"""

import ctypes
import errno
import platform
import struct

# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]
NR, ARCH, ARG0_LOW = 0, 4, 16

# Classic BPF opcodes, and what a filter may answer.
LOAD_WORD = 0x20          # BPF_LD | BPF_W | BPF_ABS
JUMP_EQUAL = 0x15         # BPF_JMP | BPF_JEQ | BPF_K
JUMP_AT_LEAST = 0x35      # BPF_JMP | BPF_JGE | BPF_K
JUMP_ANY_BIT = 0x45       # BPF_JMP | BPF_JSET | BPF_K
RETURN = 0x06             # BPF_RET | BPF_K
ALLOW = 0x7FFF0000
KILL = 0x80000000         # the whole process
FAIL = 0x00050000         # SECCOMP_RET_ERRNO | errno

CLONE_THREAD = 0x00010000
X32_BIT = 0x40000000      # x86-64's x32 system calls carry this bit

# machine -> (audit arch, {system call: the error it gets}, clone's number)
ARCHES = {
    "x86_64": (0xC000003E, {57: errno.EPERM, 58: errno.EPERM, 435: errno.ENOSYS}, 56),  # fork, vfork, clone3
    "aarch64": (0xC00000B7, {435: errno.ENOSYS}, 220),                                  # clone3
}

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


def program(machine: str = None) -> bytes:
    """The filter, as the kernel reads it: 8 bytes an instruction (code, jump if true, jump if
    false, constant)."""
    machine = machine or platform.machine()
    if machine not in ARCHES:
        raise OSError("no process filter for the machine kind %r" % machine)
    arch, denied, clone = ARCHES[machine]
    code = []

    def op(c, k, true=0, false=0):
        code.append(struct.pack("=HBBI", c, true, false, k))

    op(LOAD_WORD, ARCH)
    op(JUMP_EQUAL, arch, true=1)                 # another ABI (32-bit calls): end the process
    op(RETURN, KILL)
    op(LOAD_WORD, NR)
    if machine == "x86_64":
        op(JUMP_AT_LEAST, X32_BIT, false=1)
        op(RETURN, KILL)
    for nr, error in denied.items():
        op(JUMP_EQUAL, nr, false=1)
        op(RETURN, FAIL | error)
    op(JUMP_EQUAL, clone, false=3)
    op(LOAD_WORD, ARG0_LOW)                      # clone(flags, …): a thread shares the process
    op(JUMP_ANY_BIT, CLONE_THREAD, true=1)
    op(RETURN, FAIL | errno.EPERM)
    op(RETURN, ALLOW)
    return b"".join(code)


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def forbid_new_processes() -> None:
    """Installs the filter in this process (and everything it becomes by exec); raises OSError
    when the system refuses."""
    libc = ctypes.CDLL(None, use_errno=True)
    code = program()
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_char_p))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
