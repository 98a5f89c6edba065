// The table of intervention types (sim/intervention_kinds.hpp): one entry per InterventionType, in
// the enum's order, its fields in the order of InterventionKind (plan, cost, prepare, start, daily,
// policy, attrition, hall_hours, digital_access, record, default_setup_cost).
#include "sim/intervention_kinds.hpp"

namespace civicsim {

bool always_digital_access(const Intervention&) { return true; }

const InterventionKind kInterventionKinds[kInterventionTypes] = {
    {
        // digital_human_rollout
        digital_human::plan, digital_human::cost,
        nullptr,  // prepare
        nullptr,  // start
        nullptr,  // daily
        digital_human::policy,
        nullptr,  // attrition
        nullptr,  // hall_hours
        digital_human::digital_access,
        nullptr,  // record
        0,        // default_setup_cost
    },
    {
        // staffing
        staffing::plan, staffing::cost,
        nullptr,  // prepare
        nullptr,  // start
        nullptr,  // daily
        staffing::policy,
        nullptr,  // attrition
        staffing::hall_hours,
        nullptr,  // digital_access
        nullptr,  // record
        0,        // default_setup_cost
    },
    {
        // broadband_expansion
        nullptr,  // plan
        broadband::cost, broadband::prepare,
        nullptr,  // start
        broadband::daily,
        nullptr,  // policy
        nullptr,  // attrition
        nullptr,  // hall_hours
        always_digital_access,
        nullptr,  // record
        0,        // default_setup_cost
    },
    {
        // literacy_training
        nullptr,  // plan
        training::cost, training::prepare,
        nullptr,  // start
        training::daily,
        nullptr,  // policy
        nullptr,  // attrition
        nullptr,  // hall_hours
        always_digital_access,
        nullptr,  // record
        50'000,   // curriculum and recruiting trainers (assumption)
    },
    {
        // talent_incentive
        talent::plan, talent::cost,
        nullptr,  // prepare
        talent::start,
        nullptr,  // daily
        nullptr,  // policy
        talent::attrition,
        nullptr,  // hall_hours
        nullptr,  // digital_access
        talent::record,
        0,  // default_setup_cost
    },
    {
        // data_sharing
        nullptr,  // plan
        data_sharing::cost,
        nullptr,  // prepare
        nullptr,  // start
        data_sharing::daily, data_sharing::policy,
        nullptr,  // attrition
        nullptr,  // hall_hours
        always_digital_access,
        nullptr,    // record
        3'000'000,  // integrating departments' records (assumption)
    },
    {
        // compute_capacity
        compute::plan, compute::cost,
        nullptr,  // prepare
        nullptr,  // start (dispatch: groups are formed with the policies, sim/dispatch_groups.hpp)
        nullptr,  // daily
        compute::policy,
        nullptr,  // attrition
        nullptr,  // hall_hours
        nullptr,  // digital_access
        compute::record,
        200'000,  // scheduling platform and links between regions (assumption)
    },
};

// Declared in sim/params.hpp (io reads it without the engine's headers); defined here, beside the
// table whose entries hold each type's defaults.
Intervention intervention_defaults(InterventionType type) {
  Intervention v;
  v.type = type;
  v.setup_cost = kind_of(type).default_setup_cost;
  return v;
}

}  // namespace civicsim
