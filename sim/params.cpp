#include "sim/params.hpp"

namespace civicsim {

OpeningHours village_service_hours() {
  OpeningHours h;
  h.weekday.emplace_back(8 * 60 + 30, 17 * 60 + 30);
  h.weekend = h.weekday;
  return h;
}

std::string DistrictSelector::text() const {
  switch (mode) {
    case Mode::All:
      return "all";
    case Mode::Kind:
      return kDistrictKindNames[kind];
    case Mode::Names: {
      std::string s;
      for (const auto& n : names) s += (s.empty() ? "" : ",") + n;
      return s;
    }
  }
  return "all";
}

Params default_params() {
  Params p;
  RequestType consultation;
  consultation.name = "consultation";
  p.types.push_back(consultation);
  // Hourly contact intensity: low at night, peaks mid-morning and mid-afternoon on working days,
  // flatter at weekends (shape after Brown et al. 2005 call-centre arrivals; relative values).
  p.profile_weekday = {0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 1.2, 1.8, 2.0, 1.8,
                       1.2, 1.4,  1.8,  1.8,  1.5,  1.0, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
  p.profile_weekend = {0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0,
                       0.9, 0.9,  1.0,  1.0,  0.9,  0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
  OpeningHours office;
  office.weekday = {{9 * 60, 12 * 60}, {13 * 60, 17 * 60}};
  p.hours[kInPerson] = office;
  p.hours[kHotline].always = true;
  p.hours[kOnline].always = true;
  p.hours[kDigitalHuman].always = true;
  return p;
}

}  // namespace civicsim
