"""The simple model of issue 21, in one place for both of its implementations: the numpy peer
(scripts/bench_peer_numpy.py) and the civicsim scenario that matches it exactly (scenario_yaml).

N citizens, each with home internet with probability INTERNET and, among those, an adopter of
digital channels on day 0 with probability INITIAL_ADOPTION. Each day starts with Bass adoption:
a non-adopter with internet adopts with probability 1 - exp(-(P + Q F) / 365), F the adopter share
of all citizens at the end of the previous day. Then each citizen raises Poisson(RATE_PER_YEAR /
365) needs at whole seconds uniform over the day. A need of an adopter (adopters all have internet)
is met online at once; any other need joins the one hall, a single server, FIFO, always open,
with exponential service in whole seconds (max(1, round(mean x Exp(1))), as civicsim draws them),
no abandonment, no retries, no travel. The service mean is set so that the hall runs at
UTILISATION on average over the run, whatever N and the number of days.

Standard library only: scripts/bench imports it, and so does the peer.
"""

import math

RATE_PER_YEAR = 8.0       # needs per citizen and year (flat over the day and the week)
INTERNET = 0.8            # share of citizens with home internet
INITIAL_ADOPTION = 0.5    # share of those who use digital channels on day 0
BASS_P = 0.03             # Bass innovation coefficient, per year
BASS_Q = 0.38             # Bass imitation coefficient, per year
UTILISATION = 0.75        # the hall's mean utilisation over the run
ONLINE_SERVICE_S = 1      # an online need takes one second (civicsim needs a service time > 0)
SECONDS_PER_DAY = 86400


def expected_adopter_shares(days):
    """The expected adopter share after each day's adoption (the discrete Bass recursion that
    civicsim's daily draw follows, tests/validation/bass_test.cpp), from the expected share on day 0."""
    share = INTERNET * INITIAL_ADOPTION
    shares = []
    for _ in range(days):
        hazard = 1.0 - math.exp(-(BASS_P + BASS_Q * share) / 365.0)
        share += (INTERNET - share) * hazard  # only citizens with internet adopt
        shares.append(share)
    return shares


def service_mean_s(citizens, days):
    """The hall's mean service time (s) that makes its utilisation UTILISATION over the run: the
    hall sees the needs of non-adopters, whose expected share falls as adoption spreads."""
    offline = sum(1.0 - f for f in expected_adopter_shares(days)) / days
    arrivals_per_s = citizens * RATE_PER_YEAR / 365.0 / SECONDS_PER_DAY * offline
    return UTILISATION / arrivals_per_s


def batch_seconds():
    """Batches for the standard error of the mean hall wait (batch means): a day each. The hall
    forgets its state within hours at these sizes (its relaxation time is a few hundred service
    times), so days are close to independent."""
    return SECONDS_PER_DAY


def scenario_yaml(citizens, days, seed, step_minutes=5):
    """The civicsim scenario of the simple model: one district of `citizens` residents, all of them
    agents aged 15+ at scale 1, urban, adults; one hall of one clerk open 24/7; one request type
    on [in_person, online] with exponential service; logit constants that force the choice
    (adopters online, everyone else in person); nothing else moves (no travel, trust, quitting,
    attrition, burnout, abandonment or retries)."""
    service_min = service_mean_s(citizens, days) / 60.0
    ones = "[" + ", ".join(["1"] * 24) + "]"
    return f"""# The simple model of issue 21 (scripts/bench_lib/simple_model.py), matched by the numpy peer
# scripts/bench_peer_numpy.py: Bass adoption, Poisson needs, online or one FIFO hall.
civicsim: 1
name: simple-model-{citizens}-{days}d
seed: {seed}
time: {{days: {days}, step_minutes: {step_minutes}, report_minutes: 60, start_weekday: monday}}
population: {{scale: 1, share_15_plus: 1}}
geography:
  districts:
    - {{name: town, kind: urban, population: {citizens}, area_km2: 1, urban_share: 1}}
  centres: {{urban: 1, suburban: 1, rural: 1}}
  travel_speed_kmh: {{urban: 1.0e9, suburban: 1.0e9, rural: 1.0e9}}
  travel_overhead_minutes: 0
citizens:
  elderly_share: 0
  internet_access: {{urban: {INTERNET}, rural: {INTERNET}, elderly_factor: 1}}
  digital_literacy: {{adult: {{mean: 1, sd: 0}}, elderly: {{mean: 1, sd: 0}}}}
  initial_adoption: {{adult: {INITIAL_ADOPTION}, elderly: {INITIAL_ADOPTION}}}
  adoption: {{p: {BASS_P}, q: {BASS_Q}, trust_weight: 0}}
  trust: {{learn_rate: 0, satisfaction_rate: 0, quit_rate: 0}}
  patience_minutes: {{in_person: .inf}}
  retry: {{probability: 0}}
requests:
  arrival_profile: {{weekday: {ones}, weekend: {ones}}}
  types:
    - name: need
      rate_per_year: {{adult: {RATE_PER_YEAR}, elderly: {RATE_PER_YEAR}}}
      complexity: 0
      digital_success: 1
      service_minutes: {{in_person: {service_min!r}, online: {ONLINE_SERVICE_S / 60.0!r}}}
      service_distribution: exponential
      channels: [in_person, online]
channels:
  in_person: {{hours: "24/7", resolution: 1}}
choice:
  asc: {{in_person: 0, hotline: 0, online: 60, digital_human: 0}}
  beta_time: 0
  beta_effort: 0
  beta_trust: 0
staff:
  counter_staff_per_centre: {{urban: 1, suburban: 1, rural: 1}}
  hotline_operators: 0
  skill_sd: 0
  attrition_per_year: {{urban: 0, suburban: 0, rural: 0}}
  newcomer_days: 0
  burnout: {{gain: 0}}
output: {{path: simple.h5}}
"""
