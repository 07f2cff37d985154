// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// ESLint for the extension (build-aux/eslint.sh lint): the recommended
// rules and GNOME Shell's conventions that matter here.  The modules come
// from MIGUI_ESLINT_MODULES, outside the checkout.

import {pathToFileURL} from 'node:url';

const modules = process.env.MIGUI_ESLINT_MODULES;
const {default: js} = await import(pathToFileURL(`${modules}/@eslint/js/src/index.js`));

export default [
    js.configs.recommended,
    {
        files: ['**/*.js'],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: 'module',
            // GJS and GNOME Shell's globals.
            globals: {
                global: 'readonly',
                console: 'readonly',
                log: 'readonly',
                logError: 'readonly',
                print: 'readonly',
                printerr: 'readonly',
                setTimeout: 'readonly',
                clearTimeout: 'readonly',
                setInterval: 'readonly',
                clearInterval: 'readonly',
                TextDecoder: 'readonly',
                TextEncoder: 'readonly',
            },
        },
        rules: {
            'no-unused-vars': ['error', {argsIgnorePattern: '_$', varsIgnorePattern: '^_|_$',
                destructuredArrayIgnorePattern: '^_'}],
            'prefer-const': 'error',
            'no-var': 'error',
            'eqeqeq': 'error',
            'prefer-arrow-callback': 'error',
            'no-shadow': 'error',
            'camelcase': ['error', {properties: 'never', allow: ['^vfunc_', '^on_']}],
            'prefer-template': 'error',
            'object-shorthand': 'error',
            'no-unused-expressions': 'error',
            'no-throw-literal': 'error',
        },
    },
    {
        files: ['eslint.config.mjs'],
        languageOptions: {globals: {process: 'readonly'}},
    },
];
