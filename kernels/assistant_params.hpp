// The constants of the digital-human (assistant) interface model and of its elder-care mode
// (docs/ODD.md, "Assistant interfaces and elder care"). Plain data: ModelConstants holds one.
#pragma once

#include <cstdint>

namespace civicsim {

/// How citizens talk to an assistant: typed text, voice, or video (a face that speaks and shows).
enum AssistantInterface : int { kInterfaceText = 0, kInterfaceVoice = 1, kInterfaceVideo = 2 };
constexpr int kAssistantInterfaces = 3;

struct AssistantConstants {
  double success_factor;                               // × type.digital_success (Kunshan-fitted)
  double literacy_sensitivity[kAssistantInterfaces];   // s_i: × complexity × (1 − literacy)
  double session_factor[kAssistantInterfaces];         // × session time
  double care_session_factor;                          // elder care: × session time of the elderly
  double care_sensitivity_factor;                      // elder care: × s_i for the elderly
  std::int32_t care_handoff;                           // elder care: 1 = warm hand-off to the hotline
  std::int32_t interface;                              // baseline interface (AssistantInterface)
};

}  // namespace civicsim
