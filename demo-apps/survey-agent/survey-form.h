/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SURVEY_TYPE_FORM (survey_form_get_type ())

G_DECLARE_FINAL_TYPE (SurveyForm, survey_form, SURVEY, FORM, MigWindow)

const char *survey_form_get_choice (SurveyForm *self);
const char *survey_form_get_answer (SurveyForm *self);
void        survey_form_reset      (SurveyForm *self);

G_END_DECLS
