// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// What the extension knows of libmigui, over the session bus: the local
// peer shell (org.migui.Shell1: paired devices, incoming migrations,
// pulls, the acceptance policy) and the migratory applications
// (org.migui.Application1 on each one's unique bus name).  Every call is
// asynchronous; what the menus show is cached here and refreshed from the
// shell's signals, so that building a menu never waits on the bus.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';

import * as Signals from 'resource:///org/gnome/shell/misc/signals.js';

Gio._promisify(Gio.DBusConnection.prototype, 'call');

const SHELL_NAME = 'org.migui.Shell';
const SHELL_PATH = '/org/migui/Shell';
const SHELL_IFACE = 'org.migui.Shell1';
const APP_IFACE = 'org.migui.Application1';

// A pull may wait for the other device's user; a send for the target's.
const LONG_CALL_MS = 7 * 60 * 1000;
const SHORT_CALL_MS = 15 * 1000;
// Arrivals and departures remembered for the menu.
const HISTORY_LENGTH = 5;

const FINAL_STATES = ['committed', 'failed', 'aborted'];

/**
 * The message of a D-Bus error, without its remote error name.
 *
 * @param {Error} error - what a call threw
 * @returns {string} a sentence for the user
 */
export function errorMessage(error) {
    if (error instanceof GLib.Error)
        Gio.DBusError.strip_remote_error(error);
    return error.message;
}

export class MiguiClient extends Signals.EventEmitter {
    constructor() {
        super();
        this._bus = Gio.DBus.session;
        this.running = false;
        this.devices = [];
        this.acceptPaired = 'ask';
        this.incoming = new Map();
        this.outgoing = new Map();
        this.history = [];
        this._migratory = new Map();
        this._nextSend = 0;

        this._watchId = Gio.bus_watch_name_on_connection(this._bus, SHELL_NAME,
            Gio.BusNameWatcherFlags.NONE,
            () => this._setRunning(true),
            () => this._setRunning(false));
        this._subscriptions = ['MigrationChanged', 'PairingRequested', 'PairingFinished'].map(signal =>
            this._bus.signal_subscribe(SHELL_NAME, SHELL_IFACE, signal, SHELL_PATH, null,
                Gio.DBusSignalFlags.NONE, (...args) => this._onSignal(signal, args[5])));
    }

    destroy() {
        Gio.bus_unwatch_name(this._watchId);
        this._subscriptions.forEach(id => this._bus.signal_unsubscribe(id));
        this._subscriptions = [];
    }

    _setRunning(running) {
        this.running = running;
        if (running)
            this.refresh().catch(e => console.debug(`migui: ${e.message}`));
        this.emit('changed');
    }

    _onSignal(signal, parameters) {
        if (signal === 'PairingRequested') {
            const [id, name, code, outgoing] = parameters.deepUnpack();
            // Pairings this device started; the others, migui-shell asks.
            if (outgoing)
                this.emit('pairing-code', {id, name, code});
            return;
        }
        if (signal === 'PairingFinished') {
            this.refresh().catch(e => console.debug(`migui: ${e.message}`));
            return;
        }
        const [id, state, message] = parameters.deepUnpack();
        if (FINAL_STATES.includes(state)) {
            this.incoming.delete(id);
            if (state === 'committed')
                this._remember({incoming: true, ok: true, id, message});
            else if (message)
                this._remember({incoming: true, ok: false, id, message});
        } else {
            this.incoming.set(id, state);
        }
        this.emit('changed');
    }

    _remember(entry) {
        this.history.unshift({...entry, time: GLib.DateTime.new_now_local()});
        this.history.splice(HISTORY_LENGTH);
    }

    _callShell(method, parameters, replyType, {timeout = SHORT_CALL_MS, autoStart = false} = {}) {
        return this._bus.call(SHELL_NAME, SHELL_PATH, SHELL_IFACE, method, parameters,
            replyType ? new GLib.VariantType(replyType) : null,
            autoStart ? Gio.DBusCallFlags.NONE : Gio.DBusCallFlags.NO_AUTO_START,
            timeout, null);
    }

    /** Starts migui-shell through D-Bus activation. */
    async start() {
        await this._callShell('GetInfo', null, '(sssq)', {autoStart: true});
    }

    /** Reads the paired devices and the acceptance policy again. */
    async refresh() {
        const [devices] = (await this._callShell('ListDevices', null, '(a(ssss))')).deepUnpack();
        this.devices = devices.map(([id, name, fingerprint, paired]) => ({id, name, fingerprint, paired}));
        const [rules] = (await this._callShell('ListPolicy', null, '(a(sss))')).deepUnpack();
        const rule = rules.find(([device, app]) => device === '*' && app === '*');
        this.acceptPaired = rule ? rule[2] : 'ask';
        this.emit('changed');
    }

    /**
     * Sets what offers of paired devices get: 'ask' or 'allow'.
     *
     * @param {string} action - allow or ask
     */
    async setAcceptPaired(action) {
        await this._callShell('SetPolicy', new GLib.Variant('(sss)', ['', '*', action]), null);
        this.acceptPaired = action;
        this.emit('changed');
    }

    /**
     * The devices nearby, paired or not; the first call starts looking.
     *
     * @returns {Promise<object[]>} id, name, formFactor, address, port, paired
     */
    async listNearby() {
        const [devices] = (await this._callShell('ListNearby', null, '(a(ssssqb))')).deepUnpack();
        return devices.map(([id, name, formFactor, address, port, paired]) =>
            ({id, name, formFactor, address, port, paired}));
    }

    /**
     * Pairs with a device nearby: the code to compare comes with the
     * 'pairing-code' signal, to be answered with confirmPairing().
     *
     * @param {object} device - one of listNearby()'s
     */
    async pair(device) {
        await this._callShell('Pair', new GLib.Variant('(sqs)', [device.address, device.port, device.name]),
            null, {timeout: LONG_CALL_MS});
        await this.refresh();
    }

    /**
     * Answers a pairing this device started.
     *
     * @param {string} id - from the 'pairing-code' signal
     * @param {boolean} confirm - the user saw the same code on both devices
     */
    async confirmPairing(id, confirm) {
        await this._callShell('ConfirmPairing', new GLib.Variant('(sb)', [id, confirm]), null);
    }

    /**
     * The migratory applications that run on a paired device.
     *
     * @param {object} device - one of this.devices
     * @returns {Promise<object[]>} id, name, icon, windows, titles
     */
    async listRunning(device) {
        const reply = await this._callShell('ListRunning',
            new GLib.Variant('(sqs)', ['', 0, device.name]), '(a(sssuas))');
        return reply.deepUnpack()[0].map(([id, name, icon, windows, titles]) =>
            ({id, name, icon, windows, titles}));
    }

    /**
     * Brings an application running on a device here.
     *
     * @param {object} device - one of this.devices
     * @param {object} app - one of listRunning()'s
     * @param {boolean} clone - copy it instead
     */
    async continueHere(device, app, clone) {
        const key = `pull-${this._nextSend++}`;
        this.outgoing.set(key, {app: app.name, device: device.name, pull: true});
        this.emit('changed');
        try {
            await this._callShell('Continue',
                new GLib.Variant('(sqssb)', ['', 0, device.name, app.id, clone]), null,
                {timeout: LONG_CALL_MS});
            this._remember({incoming: true, ok: true, app: app.name, device: device.name});
        } catch (e) {
            this._remember({incoming: true, ok: false, app: app.name, device: device.name,
                message: errorMessage(e)});
            throw e;
        } finally {
            this.outgoing.delete(key);
            this.emit('changed');
        }
    }

    /**
     * Whether a window belongs to a migratory application, as far as is
     * known yet; asks its application once, in the background.
     *
     * @param {Meta.Window} window - a window
     * @returns {boolean|undefined} undefined until the answer comes
     */
    isMigratory(window) {
        const busName = window.get_gtk_unique_bus_name();
        const path = window.get_gtk_application_object_path();
        if (!busName || !path)
            return false;
        const key = `${busName}${path}`;
        if (!this._migratory.has(key)) {
            this._migratory.set(key, undefined);
            this._introspect(busName, path).then(is => {
                this._migratory.set(key, is);
                this.emit('migratory-known', window);
            });
        }
        return this._migratory.get(key);
    }

    async _introspect(busName, path) {
        try {
            const reply = await this._bus.call(busName, path, 'org.freedesktop.DBus.Introspectable',
                'Introspect', null, new GLib.VariantType('(s)'), Gio.DBusCallFlags.NO_AUTO_START,
                SHORT_CALL_MS, null);
            return reply.deepUnpack()[0].includes(`"${APP_IFACE}"`);
        } catch {
            return false;
        }
    }

    _callApp(window, method, parameters, replyType, timeout) {
        return this._bus.call(window.get_gtk_unique_bus_name(), window.get_gtk_application_object_path(),
            APP_IFACE, method, parameters, replyType ? new GLib.VariantType(replyType) : null,
            Gio.DBusCallFlags.NO_AUTO_START, timeout, null);
    }

    /**
     * The devices a window's application sees nearby.
     *
     * @param {Meta.Window} window - a migratory application's window
     * @returns {Promise<object[]>} id, name, formFactor, paired
     */
    async listPeers(window) {
        const [peers] = (await this._callApp(window, 'ListPeers', null, '(a(ssssqb))', SHORT_CALL_MS))
            .deepUnpack();
        return peers.map(([id, name, formFactor, address, port, paired]) =>
            ({id, name, formFactor, address, port, paired}));
    }

    /**
     * Whether an application is installed on a device.
     *
     * @param {object} peer - one of listPeers()'s
     * @param {string} appId - the application's ID
     * @returns {Promise<boolean>} installed there
     */
    async isInstalledOn(peer, appId) {
        const reply = await this._callShell('GetApp',
            new GLib.Variant('(sqss)', [peer.address, peer.port, peer.name, appId]), '(bs)');
        return reply.deepUnpack()[0];
    }

    /**
     * Cancels a send going on (the application goes on here), as the
     * "Sending to …" dialog's Cancel does.
     *
     * @param {string} key - a key of this.outgoing
     * @returns {Promise<boolean>} whether it was still going on
     */
    async cancel(key) {
        const entry = this.outgoing.get(key);
        if (!entry?.window)
            return false;
        const [cancelled] = (await this._callApp(entry.window, 'Cancel', null, '(b)', SHORT_CALL_MS))
            .deepUnpack();
        return cancelled;
    }

    /**
     * The parts of a window's application that may go to another device
     * on their own (its forms), and where each is besides here.
     *
     * @param {Meta.Window} window - a migratory application's window
     * @returns {Promise<object[]>} name, type, devices
     */
    async listForms(window) {
        const [forms] = (await this._callApp(window, 'ListForms', null, '(a(ssas))', SHORT_CALL_MS))
            .deepUnpack();
        return forms.map(([name, type, devices]) => ({name, type, devices}));
    }

    /**
     * Sends one part of a window's application to a device; resolves once
     * it is live there.
     *
     * @param {Meta.Window} window - a migratory application's window
     * @param {string} form - one of listForms()'s names
     * @param {object} peer - one of listPeers()'s
     * @param {string} mode - 'move', 'share' or 'watch'
     */
    async sendForm(window, form, peer, mode) {
        const key = `send-${this._nextSend++}`;
        this.outgoing.set(key, {app: form, device: peer.name, pull: false});
        this.emit('changed');
        try {
            await this._callApp(window, 'SendForm', new GLib.Variant('(sss)', [form, peer.id, mode]), null,
                LONG_CALL_MS);
            this._remember({incoming: false, ok: true, app: form, device: peer.name, clone: mode !== 'move'});
        } catch (e) {
            this._remember({incoming: false, ok: false, app: form, device: peer.name,
                message: errorMessage(e)});
            throw e;
        } finally {
            this.outgoing.delete(key);
            this.emit('changed');
        }
    }

    /**
     * Sends a window's application to a device; resolves once the
     * hand-off has ended.
     *
     * @param {Meta.Window} window - a migratory application's window
     * @param {string} appName - its name, for the user
     * @param {object} peer - one of listPeers()'s
     * @param {boolean} clone - copy it instead of moving it
     */
    async send(window, appName, peer, clone) {
        const key = `send-${this._nextSend++}`;
        this.outgoing.set(key, {app: appName, device: peer.name, pull: false, window});
        this.emit('changed');
        try {
            await this._callApp(window, 'Migrate', new GLib.Variant('(sb)', [peer.id, clone]), '(a{sv})',
                LONG_CALL_MS);
            this._remember({incoming: false, ok: true, app: appName, device: peer.name, clone});
        } catch (e) {
            this._remember({incoming: false, ok: false, app: appName, device: peer.name,
                message: errorMessage(e)});
            throw e;
        } finally {
            this.outgoing.delete(key);
            this.emit('changed');
        }
    }
}
