# Sourced by ../lab: the commands of the kernel reliability layer (issue 9).
# Uses say/die/need_java and ROOT from ../lab.

KG_BUILD="$ROOT/build/kernelguard"
KG_RAPAIO_VERSION=3.0.1
KG_RAPAIO_JAR="$KG_BUILD/rapaio-jupyter-kernel-$KG_RAPAIO_VERSION.jar"
KG_AGENT_JAR="$ROOT/kernelguard/agent/target/kernelguard-agent.jar"
KG_PY="$ROOT/.venv/bin/python"

# Python venv with jupyter_client (the platform's venv, when there is one, is the same .venv).
kg_venv() {
  if [ ! -x "$KG_PY" ]; then
    say "Creating the Python venv (.venv)"
    python3 -m venv "$ROOT/.venv" || die "python3 -m venv failed: install python3-venv"
  fi
  if ! "$KG_PY" -c "import jupyter_client, zmq" 2>/dev/null; then
    say "Installing jupyter_client into .venv"
    PIP_RETRIES=0 "$KG_PY" -m pip install -q --retries 0 -r "$ROOT/kernelguard/requirements.txt" \
      || die "pip could not install kernelguard/requirements.txt"
  fi
}

# The agent jar, rebuilt when a source is newer.
kg_agent() {
  if [ ! -f "$KG_AGENT_JAR" ] || [ -n "$(find "$ROOT/kernelguard/agent/src/main" "$ROOT/kernelguard/agent/pom.xml" -newer "$KG_AGENT_JAR" 2>/dev/null | head -1)" ]; then
    say "Building the cell-stopper agent"
    mvn -B -q -ntp -f "$ROOT/kernelguard/agent/pom.xml" package -DskipTests
  fi
}

kg_setup() {
  need_java
  kg_venv
  kg_agent
  if [ ! -f "$KG_RAPAIO_JAR" ]; then
    say "Fetching rapaio-jupyter-kernel $KG_RAPAIO_VERSION"
    mvn -B -q -ntp dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$KG_RAPAIO_VERSION \
      -DoutputDirectory="$KG_BUILD"
  fi
  export JUPYTER_PATH="$KG_BUILD/jupyter/share" JUPYTER_CONFIG_DIR="$KG_BUILD/jupyter/config" \
         JUPYTER_DATA_DIR="$KG_BUILD/jupyter/data" JUPYTER_RUNTIME_DIR="$KG_BUILD/jupyter/runtime"
  mkdir -p "$JUPYTER_PATH" "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"
  PYTHONPATH="$ROOT/kernelguard" "$KG_PY" -m kernelguard.spec --jupyter-path "$JUPYTER_PATH" \
    --rapaio-jar "$KG_RAPAIO_JAR" --agent-jar "$KG_AGENT_JAR" --java "$(command -v java)" \
    --cds-dir "$KG_BUILD/cds" >/dev/null
}

# ./lab kernel-stress [--quick | --starts N --interrupts N] [--kernel NAME] [...]
cmd_kernel_stress() {
  kg_setup
  say "Kernel stress (load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime))"
  PYTHONPATH="$ROOT/kernelguard" "$KG_PY" -m kernelguard.stress --kernel "${KG_KERNEL:-kernelguard}" \
    --log-dir "$KG_BUILD/stress-logs" "$@"
}

kg_test() {
  say "Kernel guard: agent tests (Maven)"
  mvn -B -ntp -f "$ROOT/kernelguard/agent/pom.xml" verify
  kg_setup
  say "Kernel guard: Python tests"
  (cd "$ROOT/kernelguard" && "$KG_PY" -m unittest discover -s tests -t . 2>&1) || return 1
  say "Kernel guard: short stress (20 starts, 5 interrupts of each kind)"
  cmd_kernel_stress --quick --json "$KG_BUILD/stress-quick.json"
}
