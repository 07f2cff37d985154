/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SURVEY_TYPE_TRANSCRIPT (survey_transcript_get_type ())

G_DECLARE_FINAL_TYPE (SurveyTranscript, survey_transcript, SURVEY, TRANSCRIPT, MigWindow)

G_END_DECLS
