#!/usr/bin/env bash
# Reproduces the whole reference table: PPO and DQN on RepairMenu (SEEDS training seeds each),
# plus random, oracle and submit (submit at once: the cheapest policy), all evaluated on the
# held-out test split; then renders
# baselines/LEADERBOARD.md and verifies every results file by replay.
#
#   bash baselines/run_all.sh                       # defaults below
#   SEEDS="0 1 2 3 4" EPISODES=200 bash baselines/run_all.sh
#
# Every setting is an environment variable; each row of the table is one command of this file.
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_ID=${ENV_ID:-codegym/RepairMenu-v4}   # keep in step with codegym.evaluation.DEFAULT_ENV_ID
SEEDS=${SEEDS:-"0 1 2"}                   # training seeds (>= 3 for the table)
EPISODES=${EPISODES:-100}                 # evaluation episodes per results file
EVAL_SEED=${EVAL_SEED:-1000}              # episode i of a trained agent uses seed EVAL_SEED + i
TASKS=${TASKS:-mutations}                 # task source (or JSON spec) for training and evaluation
DEVICE=${DEVICE:-auto}                    # auto: CUDA when present
RUNS=${RUNS:-runs}                        # training outputs (checkpoints, curves, TensorBoard)
OUT=${OUT:-baselines/results}             # results files (commit these)

for seed in $SEEDS; do
  python baselines/ppo.py --env-id "$ENV_ID" --seed "$seed" --tasks "$TASKS" --split train \
      --device "$DEVICE" --run-dir "$RUNS/ppo_s$seed"
  codegym evaluate --env "$ENV_ID" --agent "ppo:$RUNS/ppo_s$seed/model.zip" --episodes "$EPISODES" \
      --seed "$EVAL_SEED" --split test --tasks "$TASKS" --out "$OUT"

  python baselines/dqn.py --env-id "$ENV_ID" --seed "$seed" --tasks "$TASKS" --split train \
      --device "$DEVICE" --run-dir "$RUNS/dqn_s$seed"
  codegym evaluate --env "$ENV_ID" --agent "dqn:$RUNS/dqn_s$seed/model.pt" --episodes "$EPISODES" \
      --seed "$EVAL_SEED" --split test --tasks "$TASKS" --out "$OUT"

  # Reference agents: one results file per evaluation seed (they have no training seed).
  ref_seed=$((EVAL_SEED + 10000 * (seed + 1)))
  codegym evaluate --env "$ENV_ID" --agent random --episodes "$EPISODES" --seed "$ref_seed" \
      --split test --tasks "$TASKS" --out "$OUT"
  codegym evaluate --env "$ENV_ID" --agent oracle --episodes "$EPISODES" --seed "$ref_seed" \
      --split test --tasks "$TASKS" --out "$OUT"
  codegym evaluate --env "$ENV_ID" --agent submit --episodes "$EPISODES" --seed "$ref_seed" \
      --split test --tasks "$TASKS" --out "$OUT"
done

codegym leaderboard "$OUT" --out baselines/LEADERBOARD.md
codegym leaderboard "$OUT" --verify
