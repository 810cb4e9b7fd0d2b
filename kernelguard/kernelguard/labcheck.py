"""What a student sees when pressing JupyterLab's stop button: a real JupyterLab, headless Chromium.

    python -m kernelguard.labcheck --kernel NAME [--interrupt-mode message|signal] [--out DIR]

Needs jupyterlab, selenium, /usr/bin/chromium and /usr/bin/chromedriver (not needed by the tests).
It starts a JupyterLab server on 127.0.0.1, opens a notebook with the cells

    [1] int x = 41;          [2] while (true) {}          [3] x + 1

runs all cells, waits until cell 2 is running, clicks the toolbar's stop button (the
"Interrupt the kernel" command), waits for cell 2 to end, then runs cell 3 again and reports each
cell's output, what the supervisor's log says the stop button sent (interrupt_request on control or
SIGINT), and saves screenshots. The kernelspec's interrupt_mode can be overridden with a copy of
the kernelspec made for the check.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "int x = 41;"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "while (true) {}"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "x + 1"},
    ],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
}


def main(argv=None):
    p = argparse.ArgumentParser(prog="kernelguard.labcheck")
    p.add_argument("--kernel", required=True)
    p.add_argument("--interrupt-mode", choices=("spec", "message", "signal"), default="spec")
    p.add_argument("--out", default="build/kernelguard/labcheck")
    p.add_argument("--wait", type=float, default=2.0, help="seconds cell 2 runs before the stop")
    args = p.parse_args(argv)

    from jupyter_client.kernelspec import KernelSpecManager
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="kernelguard-lab-")
    spec = KernelSpecManager().get_kernel_spec(args.kernel)
    kernel = args.kernel
    jpath = os.environ.get("JUPYTER_PATH", "")
    if args.interrupt_mode != "spec":
        kernel = args.kernel + "-" + args.interrupt_mode
        d = os.path.join(work, "share", "kernels", kernel)
        os.makedirs(d)
        data = spec.to_dict()
        data["interrupt_mode"] = args.interrupt_mode
        data["display_name"] += " (%s)" % args.interrupt_mode
        json.dump(data, open(os.path.join(d, "kernel.json"), "w"))
        jpath = os.pathsep.join([os.path.join(work, "share")] + ([jpath] if jpath else []))
    nbdir = os.path.join(work, "notebooks")
    os.makedirs(nbdir)
    nb = dict(NOTEBOOK, metadata={"kernelspec": {"name": kernel, "display_name": "Java", "language": "java"}})
    json.dump(nb, open(os.path.join(nbdir, "stop.ipynb"), "w"))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PATH=jpath,
               JUPYTER_CONFIG_DIR=os.path.join(work, "config"), JUPYTER_DATA_DIR=os.path.join(work, "data"),
               JUPYTER_RUNTIME_DIR=os.path.join(work, "runtime"))
    log_path = os.path.join(args.out, "server-%s.log" % args.interrupt_mode)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         "--port=%d" % port, "--ServerApp.port_retries=0", "--IdentityProvider.token=" + token,
         "--ServerApp.root_dir=" + nbdir, "--LabApp.news_url=None", "--expose-app-in-browser"],
        env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    report = {"kernel": kernel, "interrupt_mode": args.interrupt_mode}
    driver = None
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--user-data-dir=" + os.path.join(work, "chrome"), "--window-size=1400,1000"):
            opts.add_argument(a)
        os.environ["SE_OFFLINE"] = "true"
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        driver.set_script_timeout(120)
        driver.get("http://127.0.0.1:%d/lab/tree/stop.ipynb?reset&token=%s" % (port, token))
        t0 = time.time()
        report["kernel_ready"] = "timeout"
        while time.time() - t0 < 20:
            try:
                bar = driver.find_element(By.ID, "jp-main-statusbar").text
            except Exception:
                bar = ""
            if "| Idle" in bar or "| Unknown" in bar:
                report["kernel_ready"] = bar.split("|")[-1].split("\n")[0].strip()
                break
            time.sleep(0.2)
        report["kernel_ready_s"] = round(time.time() - t0, 2)
        time.sleep(0.5)
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
        time.sleep(args.wait)
        driver.save_screenshot(os.path.join(args.out, "1-running-%s.png" % args.interrupt_mode))
        stop = driver.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) [data-command='notebook:interrupt-kernel']")
        t_stop = time.time()
        stop.click()
        # wait until cell 2 has an execution count again (it ended) and the kernel is idle
        for _ in range(300):
            prompts = driver.execute_script(
                "return Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')).map(e => e.textContent)")
            status = driver.find_element(By.ID, "jp-main-statusbar").text
            if len(prompts) >= 2 and "*" not in prompts[1] and ("Idle" in status or "Unknown" in status):
                break
            time.sleep(0.1)
        report["stop_to_idle_s"] = round(time.time() - t_stop, 2)
        time.sleep(1.0)
        report["dialog_after_stop"] = driver.execute_script(
            "const d = document.querySelector('.jp-Dialog'); return d ? d.innerText : null")
        driver.save_screenshot(os.path.join(args.out, "2-after-stop-%s.png" % args.interrupt_mode))
        driver.execute_script("""
          const d = document.querySelector('.jp-Dialog .jp-mod-accept'); if (d) d.click();""")
        time.sleep(0.5)
        driver.execute_async_script("""
          const done = arguments[arguments.length - 1];
          const app = window.jupyterapp; const w = app.shell.currentWidget;
          w.content.activeCellIndex = 2;
          app.commands.execute('notebook:run-cell').then(() => done(1), () => done(0));""")
        time.sleep(1.0)
        report["cells"] = driver.execute_script("""
          return Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')).map(c => ({
            prompt: c.querySelector('.jp-InputPrompt').textContent,
            output: (c.querySelector('.jp-OutputArea') || {innerText: ''}).innerText}))""")
        report["status_bar"] = driver.find_element(By.ID, "jp-main-statusbar").text
        driver.save_screenshot(os.path.join(args.out, "3-next-cell-%s.png" % args.interrupt_mode))
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
        shutil.rmtree(work, ignore_errors=True)
    text = open(log_path, errors="replace").read()
    report["supervisor_saw"] = [l.split("] ", 1)[1] for l in text.splitlines()
                                if l.startswith("[kernelguard") and ("interrupt" in l or "restart" in l or "stopped" in l)]
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
