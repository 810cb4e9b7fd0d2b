"""Kernel errors become plain, readable text with the real exception first."""

import unittest

from labtools import errors

RED, BLUE, BOLD, RESET = "\x1b[1m\x1b[31m", "\x1b[1m\x1b[34m", "\x1b[1m", "\x1b[0m"

# As rapaio-jupyter-kernel 3.0.1 sends them (see KERNEL-NOTES).
THROWN = {
    "ename": "EvalException",
    "evalue": "cannot multiply 1×2 by 1×2",
    "traceback": [
        f"{RESET}{RED}java.lang.IllegalArgumentException: cannot multiply 1×2 by 1×2\n{RESET}",
        f"{RESET}{BLUE}   at backprop.Matrix.times(Matrix.java:198){RESET}",
        f"{RESET}{BLUE}   at .(#5:1){RESET}",
        f"{RESET}{RESET}{BOLD}|--> Matrix wrong = a.times(a);{RESET}",
    ],
}
NOT_COMPILED = {
    "ename": "CompilerException",
    "evalue": "",
    "traceback": [
        f"{RESET}{RED}Compile error:{RESET}",
        f"{RESET}{BOLD}|    int x = {RESET}{BOLD}\x1b[48;2;235;145;148m\"a\"{RESET}{BOLD};{RESET}",
        f"{RESET}{BLUE}incompatible types: java.lang.String cannot be converted to int{RESET}",
        "",
    ],
}


class ErrorsTest(unittest.TestCase):

    def test_the_real_exception_comes_first_without_colours(self):
        text = errors.readable(THROWN)
        self.assertEqual(
            "java.lang.IllegalArgumentException: cannot multiply 1×2 by 1×2\n"
            "   at backprop.Matrix.times(Matrix.java:198)\n"
            "   at .(#5:1)\n"
            "|--> Matrix wrong = a.times(a);", text)
        self.assertEqual("java.lang.IllegalArgumentException: cannot multiply 1×2 by 1×2",
                         errors.summary(THROWN))

    def test_a_compile_error_keeps_its_message_although_evalue_is_empty(self):
        text = errors.readable(NOT_COMPILED)
        self.assertNotIn("\x1b", text)
        self.assertTrue(text.startswith("Compile error:\n|    int x = \"a\";"), text)
        self.assertIn("incompatible types: java.lang.String cannot be converted to int", text)

    def test_long_stacks_are_cut_but_every_cause_is_kept(self):
        frames = [f"   at deep.Frame.f{i}(Frame.java:{i})" for i in range(20)]
        error = {"ename": "EvalException", "evalue": "x", "traceback": [
            "java.lang.RuntimeException: outer", *frames,
            "Caused by: java.io.IOException: inner", *frames[:3]]}
        lines = errors.readable(error).split("\n")
        self.assertEqual("java.lang.RuntimeException: outer", lines[0])
        self.assertEqual(1 + errors.MAX_FRAMES + 1 + 1 + 3, len(lines))
        self.assertEqual("   ... 12 more frames", lines[1 + errors.MAX_FRAMES])
        self.assertIn("Caused by: java.io.IOException: inner", lines)

    def test_an_error_without_traceback_shows_name_and_value(self):
        self.assertEqual("DeadKernelError: gone",
                         errors.readable({"ename": "DeadKernelError", "evalue": "gone"}))
        self.assertEqual("CompilerException", errors.readable({"ename": "CompilerException",
                                                               "evalue": "", "traceback": []}))


if __name__ == "__main__":
    unittest.main()
